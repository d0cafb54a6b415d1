docker exec web sh -c 'exit 4'
