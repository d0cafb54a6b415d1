docker images
