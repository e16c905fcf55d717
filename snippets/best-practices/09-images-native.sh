docker images native
