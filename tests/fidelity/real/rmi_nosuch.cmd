docker rmi nosuchimage
