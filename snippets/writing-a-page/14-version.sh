docker version
