/*
 * LD_PRELOAD shim for wrk: gives its TCP sockets an Ethernet-sized MSS (TCP_MAXSEG 1448).
 * Over loopback (MTU 65536) a 64 KiB response is one 65483-byte segment plus a small
 * tail, and wrk reads 8 KiB at a time: the receiver never opens its window by a whole
 * MSS, so the tail waits for the 40 ms delayed ACK and every server looks 40 ms slow.
 * Real clients sit behind 1500-byte links; this puts wrk there, for both servers alike.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int socket(int domain, int type, int protocol) {
	static int (*real_socket)(int, int, int);
	if (!real_socket) {
		real_socket = (int (*)(int, int, int)) dlsym(RTLD_NEXT, "socket");
	}
	int fd = real_socket(domain, type, protocol);
	if (fd >= 0 && (domain == AF_INET || domain == AF_INET6) && (type & 0xf) == SOCK_STREAM) {
		int mss = 1448;
		setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
	}
	return fd;
}
