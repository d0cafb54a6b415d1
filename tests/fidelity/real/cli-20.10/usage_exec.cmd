docker exec
