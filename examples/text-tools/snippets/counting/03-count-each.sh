sort fruit.txt | uniq -c | sort -rn
