docker logs nosuch
