docker run
