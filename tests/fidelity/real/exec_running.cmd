docker exec web ls /
