printf 'humanize==4.17.0\n' >> requirements.txt
