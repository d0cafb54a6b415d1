docker inspect --format '{{.Id}}' web
