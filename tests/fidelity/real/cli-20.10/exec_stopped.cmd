docker exec web ls
