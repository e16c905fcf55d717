docker ps -a --filter name=flaky
