// Package queue is the work queue of a distributed run: a NATS JetStream
// stream with work-queue retention, one message a job, taken by any number
// of workers through one durable pull consumer. A job is acknowledged only
// after its work is stored; one not acknowledged in time (its worker died)
// is delivered again, to this worker or another. The job's work must
// therefore be idempotent, which the store's upserts make it.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names in the NATS server: one stream, and within it the jobs of each
// store under a subject of their own with a consumer of their own, so that
// stores sharing a server never take each other's jobs.
const (
	Stream   = "SCRUTINEER_JOBS"
	Subjects = "scrutineer.jobs.>"
)

// Job is one unit of work: a file of a run to read, extract and store, or
// a stored document to extract again.
type Job struct {
	Kind  string            `json:"kind"` // "read" or "rederive"
	RunID int64             `json:"run_id"`
	Path  string            `json:"path"`            // where the file was found (a path or URL)
	DocID string            `json:"doc_id"`          // its bytes in the store (read), or the document (rederive)
	Meta  map[string]string `json:"meta,omitempty"`  // metadata overriding the text's (a manifest's)
	Rules string            `json:"rules,omitempty"` // for rederive: the rules version asked for
}

// The kinds of job.
const (
	Read     = "read"
	Rederive = "rederive"
)

// Options tune the queue.
type Options struct {
	// Store is the identity of the store the jobs are for (corpus.Store.ID).
	Store string
	// Worker says this side takes jobs: its AckWait and MaxDeliver set the
	// consumer's. A publisher leaves them as the workers set them (or the
	// defaults, when there is no consumer yet).
	Worker bool
	// AckWait is how long a job may go without word from its worker
	// before it is delivered again; workers say "in progress" at a third
	// of it while they work. Default one minute.
	AckWait time.Duration
	// MaxDeliver is how many times a job is delivered before it is given
	// up (a job that kills every worker that takes it). Default 5.
	MaxDeliver int
}

func (o *Options) defaults() {
	if o.AckWait <= 0 {
		o.AckWait = time.Minute
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 5
	}
}

// Queue is a connection to the work queue.
type Queue struct {
	infoMu  sync.Mutex // the consumer's Info is not safe for goroutines at once
	subject string
	nc      *nats.Conn
	js      jetstream.JetStream
	cons    jetstream.Consumer
	opts    Options
}

// Open connects to the NATS server at url and makes the stream and the
// workers' consumer if they are not there. The connection reconnects for
// as long as it is open: a restarted server is met again.
func Open(ctx context.Context, url string, o Options) (*Queue, error) {
	o.defaults()
	if o.Store == "" || strings.ContainsAny(o.Store, ".*> ") {
		return nil, fmt.Errorf("queue: bad store identity %q", o.Store)
	}
	nc, err := nats.Connect(url, nats.Name("scrutineer"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	q := &Queue{nc: nc, js: js, opts: o, subject: "scrutineer.jobs." + o.Store}
	if err := q.declare(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	return q, nil
}

// declare makes the stream (kept on disk, each job once: a job published
// twice within the duplicate window is stored once) and the consumer.
func (q *Queue) declare(ctx context.Context) error {
	s, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       Stream,
		Subjects:   []string{Subjects},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: 10 * time.Minute,
	})
	if err != nil {
		return err
	}
	name := "workers-" + q.opts.Store
	if !q.opts.Worker {
		if q.cons, err = s.Consumer(ctx, name); err == nil {
			return nil
		}
		if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return err
		}
	}
	q.cons, err = s.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       name,
		FilterSubject: q.subject,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.opts.AckWait,
		MaxDeliver:    q.opts.MaxDeliver,
		MaxAckPending: 1000,
	})
	return err
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// Publish queues a job; the server has it (on disk) when Publish returns.
func (q *Queue) Publish(ctx context.Context, j Job) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s/%s/%d/%s", q.opts.Store, j.Kind, j.RunID, j.Path)
	if j.Kind == Rederive {
		id = fmt.Sprintf("%s/%s/%d/%s", q.opts.Store, j.Kind, j.RunID, j.DocID)
	}
	// a server that restarts is waited for (a minute); a job published
	// twice is stored once
	for try := 0; ; try++ {
		_, err = q.js.Publish(ctx, q.subject, b, jetstream.WithMsgID(id))
		if err == nil || ctx.Err() != nil || try == 60 {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		return fmt.Errorf("queue job %s: %w", j.Path, err)
	}
	return nil
}

// Pending is how many jobs wait in the queue, taken or not.
func (q *Queue) Pending(ctx context.Context) (int, error) {
	q.infoMu.Lock()
	defer q.infoMu.Unlock()
	info, err := q.cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	return int(info.NumPending) + info.NumAckPending, nil
}

// Delivery is a job taken from the queue.
type Delivery struct {
	Job
	// Attempt is the how-manieth delivery this is (1 the first); Last
	// says it is the last there will be.
	Attempt int
	Last    bool
	msg     jetstream.Msg
}

// Ack says the job's work is stored: it leaves the queue.
func (d Delivery) Ack(ctx context.Context) error { return d.msg.DoubleAck(ctx) }

// Retry puts the job back to be delivered again after delay (a store that
// could not be reached).
func (d Delivery) Retry(delay time.Duration) error { return d.msg.NakWithDelay(delay) }

// Working tells the server the job is still being worked on.
func (d Delivery) Working() error { return d.msg.InProgress() }

// ErrNoJob is returned by Next when no job came within its wait.
var ErrNoJob = errors.New("no job")

// Next takes the next job, waiting up to wait for one. A message that is
// not a job is dropped from the queue and reported.
func (q *Queue) Next(ctx context.Context, wait time.Duration) (Delivery, error) {
	batch, err := q.cons.Fetch(1, jetstream.FetchMaxWait(wait))
	if err != nil {
		return Delivery{}, err
	}
	for m := range batch.Messages() {
		d := Delivery{msg: m, Attempt: 1}
		if md, err := m.Metadata(); err == nil {
			d.Attempt = int(md.NumDelivered)
		}
		d.Last = d.Attempt >= q.opts.MaxDeliver
		if err := json.Unmarshal(m.Data(), &d.Job); err != nil || (d.Kind != Read && d.Kind != Rederive) {
			_ = m.Term()
			return Delivery{}, fmt.Errorf("dropped a message that is not a job: %q", clip(m.Data()))
		}
		return d, nil
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
		return Delivery{}, err
	}
	return Delivery{}, ErrNoJob
}

// AckWait is the queue's: how long a job may go without word.
func (q *Queue) AckWait() time.Duration { return q.opts.AckWait }

func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
