wc -l fruit.txt
