docker image inspect webapp --format 'ENTRYPOINT {{json .Config.Entrypoint}}  CMD {{json .Config.Cmd}}'
