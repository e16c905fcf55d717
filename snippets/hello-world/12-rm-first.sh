docker rm loving_goldwasser
