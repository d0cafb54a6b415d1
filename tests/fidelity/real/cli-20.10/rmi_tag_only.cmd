docker rmi mybox:1.0
