docker exec nosuch ls
