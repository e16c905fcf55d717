docker logs flaky
