docker run nosuchimage
