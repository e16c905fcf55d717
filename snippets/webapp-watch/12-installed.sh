grep -o 'Successfully installed.*' watch.log
