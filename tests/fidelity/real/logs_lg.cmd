docker logs lg
