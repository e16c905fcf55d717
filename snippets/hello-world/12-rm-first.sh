docker rm blissful_banzai
