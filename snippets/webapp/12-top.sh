docker top webapp -o pid,ppid,args
