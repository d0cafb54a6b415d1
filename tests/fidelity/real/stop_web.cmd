docker stop web
