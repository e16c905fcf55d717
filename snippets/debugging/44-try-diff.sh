docker diff compiled
