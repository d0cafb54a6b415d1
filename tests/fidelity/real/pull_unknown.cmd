docker pull nosuchimage
