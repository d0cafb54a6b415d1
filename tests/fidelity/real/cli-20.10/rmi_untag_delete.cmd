docker rmi ages:d14
