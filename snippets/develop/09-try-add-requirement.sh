echo 'requests==2.34.2' >> requirements.txt
