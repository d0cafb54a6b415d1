docker run nosuchimage:1.0
