docker rm tender_cartwright
