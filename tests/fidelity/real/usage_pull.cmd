docker pull
