package soak

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// slowRequest sends one request over its own connection and reads the
// answer; with slowBody the body goes out one byte at a time, otherwise
// the answer is read one byte at a time, either spread over d. It is
// written on the wire by hand: Go's client buffers a body and would send
// it in one piece.
func slowRequest(ctx context.Context, addr string, s *session, slowBody bool, d time.Duration) (int, error) {
	var path, body string
	var header []string
	if slowBody {
		path, body, header = "/weavr/login_with_password", weavrLoginBody(s), []string{"api-key: " + s.weavrKey}
	} else {
		path, body = "/fiskil/v1/token", fiskilTokenBody(s)
	}
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	head := "POST " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\nConnection: close\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n"
	for _, h := range header {
		head += h + "\r\n"
	}
	head += "\r\n"
	if !slowBody {
		if _, err := io.WriteString(conn, head+body); err != nil {
			return 0, err
		}
		resp, err := http.ReadResponse(bufio.NewReaderSize(&trickle{r: conn, ctx: ctx, pause: d / 200}, 16), nil)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, err
	}
	if _, err := io.WriteString(conn, head); err != nil {
		return 0, err
	}
	pause := d / time.Duration(len(body))
	for i := range len(body) {
		if err := sleep(ctx, pause); err != nil {
			return 0, err
		}
		if _, err := conn.Write([]byte{body[i]}); err != nil {
			return 0, err
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// trickle reads one byte at a time, pausing before each.
type trickle struct {
	r     io.Reader
	ctx   context.Context
	pause time.Duration
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := sleep(t.ctx, t.pause); err != nil {
		return 0, err
	}
	return t.r.Read(p[:1])
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// describeSlow names a slow request for a failure message.
func describeSlow(slowBody bool) string {
	if slowBody {
		return "slow body (weavr login)"
	}
	return "slow reader (fiskil token)"
}
