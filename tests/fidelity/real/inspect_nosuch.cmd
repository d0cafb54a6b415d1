docker inspect nosuch
