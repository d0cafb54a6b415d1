docker run --help
