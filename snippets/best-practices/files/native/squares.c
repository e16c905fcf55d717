/* The slow part of a program, written in C: 1*1 + 2*2 + ... + n*n. */
unsigned long long sum_of_squares(unsigned long long n) {
    unsigned long long total = 0;
    for (unsigned long long i = 1; i <= n; i++) {
        total += i * i;
    }
    return total;
}
