docker rm silly_lamarr
