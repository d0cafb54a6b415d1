docker run --rm
