docker logs -t lg
