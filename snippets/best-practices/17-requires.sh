docker run --rm cache-demo pip show flask | grep Requires
