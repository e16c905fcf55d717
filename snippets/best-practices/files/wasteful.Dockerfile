FROM debian:trixie
RUN head -c 50000000 /dev/zero > /tmp/download.bin
RUN rm /tmp/download.bin
