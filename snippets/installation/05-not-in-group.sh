sudo -u nobody docker version
