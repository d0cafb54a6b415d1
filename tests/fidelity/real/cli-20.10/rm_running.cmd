docker rm web
