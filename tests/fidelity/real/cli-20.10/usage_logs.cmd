docker logs
