docker rm -f fervent_feynman
