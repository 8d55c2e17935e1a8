/* The cheapest user-space hop we can write, as a yardstick for the virtual switch (bench/vm-tcp.sh):
 * two UDP sockets, each forwarding what it receives, unchanged, to a fixed address; recvmmsg and
 * sendmmsg of up to 32 datagrams, epoll between batches, no learning, no counters. Like the switch,
 * once a flow runs (8 batches in a row, each within SPIN_US of the one before) it keeps polling
 * (yielding the CPU between polls) until SPIN_US pass without traffic.
 * Usage: relay LISTEN_A SEND_A LISTEN_B SEND_B [SPIN_US=0]   (ports on 127.0.0.1; A's datagrams go to SEND_A) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sched.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 32
#define MAX 2048

static struct sockaddr_in addr(int port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: relay LISTEN_A SEND_A LISTEN_B SEND_B [SPIN_US]\n");
        return 2;
    }
    int ep = epoll_create1(0), fd[2];
    struct sockaddr_in to[2];
    for (int i = 0; i < 2; i++) {
        struct sockaddr_in local = addr(atoi(argv[1 + 2 * i]));
        int buf = 4 << 20;
        fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
        setsockopt(fd[i], SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
        setsockopt(fd[i], SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
        if (bind(fd[i], (struct sockaddr *) &local, sizeof local) < 0) {
            perror("bind");
            return 1;
        }
        to[i] = addr(atoi(argv[2 + 2 * i]));
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev);
    }
    static char data[BATCH][MAX];
    struct iovec iov[BATCH];
    struct mmsghdr msg[BATCH];
    long spin = argc == 6 ? atol(argv[5]) * 1000 : 0, last = 0, streak = 0;
    for (;;) {
        struct epoll_event ready[2];
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long t = now.tv_sec * 1000000000L + now.tv_nsec;
        int n = epoll_wait(ep, ready, 2, streak >= 8 && t - last < spin ? 0 : -1);
        if (n > 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            t = now.tv_sec * 1000000000L + now.tv_nsec;
            streak = t - last < spin ? streak + 1 : 0;
            last = t;
        } else if (n == 0) {
            sched_yield();
        }
        for (int e = 0; e < n; e++) {
            int i = ready[e].data.u32;
            for (int k = 0; k < BATCH; k++) {
                iov[k] = (struct iovec) {data[k], MAX};
                msg[k].msg_hdr = (struct msghdr) {.msg_iov = &iov[k], .msg_iovlen = 1};
            }
            int got = recvmmsg(fd[i], msg, BATCH, MSG_DONTWAIT, NULL);
            for (int k = 0; k < got; k++) {
                iov[k].iov_len = msg[k].msg_len;
                msg[k].msg_hdr = (struct msghdr) {.msg_name = &to[i], .msg_namelen = sizeof to[i],
                                                  .msg_iov = &iov[k], .msg_iovlen = 1};
            }
            if (got > 0) {
                sendmmsg(fd[1 - i], msg, got, 0); /* from the socket the other VM sends to */
            }
        }
    }
}
