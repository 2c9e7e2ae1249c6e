/*
 * libotrPeer.c: libotr 4.1 (the reference OTR implementation) as a peer that a test drives over
 * stdin/stdout, so that our engine is tested against the real thing, message by message.
 *
 * It is "bob@example.org" talking to "alice@example.org", with policy ALLOW_V3 only (or
 * ALLOW_V2 only with --v2, to test that we refuse older versions). Every message is hex-encoded
 * so that whitespace tags and UTF-8 survive a line protocol.
 *
 * Commands (one per line):
 *   RECV <hex>           a message from alice, through otrl_message_receiving
 *   SEND <hex>           bob types a message, through otrl_message_sending
 *   SMP <hexq> <hexs>    bob starts SMP with a question (hexq empty: "-") and a secret
 *   ANSWER <hex>         bob answers the SMP question
 *   SYMKEY <use> <hexctx>  bob agrees on the extra symmetric key (TLV 8) for use and context
 *   END                  bob ends the private conversation
 *   QUIT
 * Replies (one per line, then "DONE" after each command):
 *   OUT <hex>            a message for alice (what libotr injects or returns to send)
 *   SHOW <hex>           a message displayed to bob
 *   SECURE <fp hex> <ssid hex>   the conversation went private (alice's fingerprint)
 *   FINISHED             alice ended the private conversation (a TLV 1 came)
 *   INSECURE
 *   SMP <event> [<hex question>]
 *   EVENT <number>       a libotr message event (OtrlMessageEvent), for the test to assert on
 *   FP <hex>             bob's fingerprint, once at start
 *   KEY <hex>            the extra symmetric key bob agreed on (after SYMKEY)
 *   SYMKEY <use> <hexctx> <hexkey>  alice sent bob an extra symmetric key (a TLV 8 came)
 *
 * Build: cc -O2 -o libotrPeer libotrPeer.c -lotr -lgcrypt -lgpg-error
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcrypt.h>

#include <libotr/proto.h>
#include <libotr/context.h>
#include <libotr/userstate.h>
#include <libotr/message.h>
#include <libotr/privkey.h>
#include <libotr/instag.h>
#include <libotr/tlv.h>

#define PROTOCOL "xmpp"
#define BOB "bob@example.org"
#define ALICE "alice@example.org"

static OtrlUserState us;
static OtrlMessageAppOps ops;
static OtrlPolicy policy = OTRL_POLICY_ALLOW_V3;
static int max_size = 0;

static void put_hex(const char *tag, const char *data, size_t len)
{
    printf("%s ", tag);
    for (size_t i = 0; i < len; i++) printf("%02x", (unsigned char)data[i]);
    printf("\n");
}

static char *from_hex(const char *hex)
{
    size_t n = strlen(hex) / 2;
    char *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
	unsigned int b;
	sscanf(hex + 2 * i, "%2x", &b);
	out[i] = (char)b;
    }
    out[n] = 0;
    return out;
}

static OtrlPolicy cb_policy(void *o, ConnContext *c) { (void)o; (void)c; return policy; }
static void cb_create_privkey(void *o, const char *a, const char *p) { (void)o; (void)a; (void)p; }
static int cb_is_logged_in(void *o, const char *a, const char *p, const char *r)
{ (void)o; (void)a; (void)p; (void)r; return 1; }

static void cb_inject(void *o, const char *a, const char *p, const char *r, const char *msg)
{
    (void)o; (void)a; (void)p; (void)r;
    put_hex("OUT", msg, strlen(msg));
}

static void cb_update_context_list(void *o) { (void)o; }
static void cb_new_fingerprint(void *o, OtrlUserState u, const char *a, const char *p,
	const char *n, unsigned char fp[20])
{ (void)o; (void)u; (void)a; (void)p; (void)n; (void)fp; }
static void cb_write_fingerprints(void *o) { (void)o; }

static void cb_gone_secure(void *o, ConnContext *c)
{
    (void)o;
    Fingerprint *fp = c->active_fingerprint;
    printf("SECURE ");
    for (int i = 0; i < 20; i++) printf("%02x", fp ? fp->fingerprint[i] : 0);
    printf(" ");
    for (size_t i = 0; i < c->sessionid_len; i++) printf("%02x", c->sessionid[i]);
    printf("\n");
}

static void cb_gone_insecure(void *o, ConnContext *c) { (void)o; (void)c; printf("INSECURE\n"); }
static void cb_still_secure(void *o, ConnContext *c, int r) { (void)o; (void)c; (void)r; }
static int cb_max_message_size(void *o, ConnContext *c) { (void)o; (void)c; return max_size; }

static const char *smp_name(OtrlSMPEvent ev)
{
    switch (ev) {
	case OTRL_SMPEVENT_ERROR: return "ERROR";
	case OTRL_SMPEVENT_ABORT: return "ABORT";
	case OTRL_SMPEVENT_CHEATED: return "CHEATED";
	case OTRL_SMPEVENT_ASK_FOR_ANSWER: return "ASK_FOR_ANSWER";
	case OTRL_SMPEVENT_ASK_FOR_SECRET: return "ASK_FOR_SECRET";
	case OTRL_SMPEVENT_IN_PROGRESS: return "IN_PROGRESS";
	case OTRL_SMPEVENT_SUCCESS: return "SUCCESS";
	case OTRL_SMPEVENT_FAILURE: return "FAILURE";
	default: return "NONE";
    }
}

static ConnContext *asked;

static void cb_smp(void *o, OtrlSMPEvent ev, ConnContext *c, unsigned short pct, char *question)
{
    (void)o; (void)pct;
    if (ev == OTRL_SMPEVENT_IN_PROGRESS || ev == OTRL_SMPEVENT_NONE) return;
    if (ev == OTRL_SMPEVENT_ASK_FOR_ANSWER || ev == OTRL_SMPEVENT_ASK_FOR_SECRET) asked = c;
    if (question) {
	printf("SMP %s ", smp_name(ev));
	for (size_t i = 0; question[i]; i++) printf("%02x", (unsigned char)question[i]);
	printf("\n");
    } else {
	printf("SMP %s\n", smp_name(ev));
    }
    if (ev == OTRL_SMPEVENT_CHEATED || ev == OTRL_SMPEVENT_ERROR) otrl_message_abort_smp(us, &ops, NULL, c);
}

static void cb_msg_event(void *o, OtrlMessageEvent ev, ConnContext *c, const char *m, gcry_error_t e)
{
    (void)o; (void)m; (void)e; (void)c;
    if (ev != OTRL_MSGEVENT_NONE) printf("EVENT %d\n", (int)ev);
}

static void cb_received_symkey(void *o, ConnContext *c, unsigned int use,
	const unsigned char *usedata, size_t usedatalen, const unsigned char *symkey)
{
    (void)o; (void)c;
    printf("SYMKEY %u ", use);
    for (size_t i = 0; i < usedatalen; i++) printf("%02x", usedata[i]);
    if (usedatalen == 0) printf("-");
    printf(" ");
    for (size_t i = 0; i < OTRL_EXTRAKEY_BYTES; i++) printf("%02x", symkey[i]);
    printf("\n");
}

static void cb_create_instag(void *o, const char *a, const char *p)
{
    (void)o;
    FILE *f = fopen("/dev/null", "w");
    otrl_instag_generate_FILEp(us, f, a, p);
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *keyfile = NULL;
    for (int i = 1; i < argc; i++) {
	if (!strcmp(argv[i], "--v2")) policy = OTRL_POLICY_ALLOW_V2;
	else if (!strcmp(argv[i], "--fragment") && i + 1 < argc) max_size = atoi(argv[++i]);
	else if (!strcmp(argv[i], "--keys") && i + 1 < argc) keyfile = argv[++i];
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    OTRL_INIT;
    us = otrl_userstate_create();

    ops.policy = cb_policy;
    ops.create_privkey = cb_create_privkey;
    ops.is_logged_in = cb_is_logged_in;
    ops.inject_message = cb_inject;
    ops.update_context_list = cb_update_context_list;
    ops.new_fingerprint = cb_new_fingerprint;
    ops.write_fingerprints = cb_write_fingerprints;
    ops.gone_secure = cb_gone_secure;
    ops.gone_insecure = cb_gone_insecure;
    ops.still_secure = cb_still_secure;
    ops.max_message_size = cb_max_message_size;
    ops.handle_smp_event = cb_smp;
    ops.handle_msg_event = cb_msg_event;
    ops.create_instag = cb_create_instag;
    ops.received_symkey = cb_received_symkey;

    /* A key file given and present is read; otherwise a key is made (into it, if given). */
    if (!keyfile || otrl_privkey_read(us, keyfile) || !otrl_privkey_find(us, BOB, PROTOCOL)) {
	char tmp[] = "/tmp/libotrPeer-XXXXXX";
	const char *path = keyfile;
	if (!path) {
	    int fd = mkstemp(tmp);
	    close(fd);
	    path = tmp;
	}
	if (otrl_privkey_generate(us, path, BOB, PROTOCOL)) {
	    fprintf(stderr, "key generation failed\n");
	    return 1;
	}
	if (!keyfile) unlink(tmp);
    }
    cb_create_instag(NULL, BOB, PROTOCOL);
    {
	char human[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];
	unsigned char raw[20];
	otrl_privkey_fingerprint_raw(us, raw, BOB, PROTOCOL);
	(void)human;
	put_hex("FP", (const char *)raw, 20);
	printf("DONE\n");
    }

    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) > 0) {
	line[strcspn(line, "\r\n")] = 0;
	if (!strncmp(line, "RECV ", 5)) {
	    char *msg = from_hex(line + 5);
	    char *newmsg = NULL;
	    OtrlTLV *tlvs = NULL;
	    int ignore = otrl_message_receiving(us, &ops, NULL, BOB, PROTOCOL, ALICE, msg, &newmsg,
		    &tlvs, NULL, NULL, NULL);
	    if (!ignore) {
		const char *shown = newmsg ? newmsg : msg;
		put_hex("SHOW", shown, strlen(shown));
	    }
	    /* The other side ended the private conversation (libotr tells the app this way). */
	    if (tlvs && otrl_tlv_find(tlvs, OTRL_TLV_DISCONNECTED)) printf("FINISHED\n");
	    if (newmsg) otrl_message_free(newmsg);
	    if (tlvs) otrl_tlv_free(tlvs);
	    free(msg);
	} else if (!strncmp(line, "SEND ", 5)) {
	    char *msg = from_hex(line + 5);
	    char *out = NULL;
	    gcry_error_t err = otrl_message_sending(us, &ops, NULL, BOB, PROTOCOL, ALICE,
		    OTRL_INSTAG_BEST, msg, NULL, &out, OTRL_FRAGMENT_SEND_ALL, NULL, NULL, NULL);
	    if (err) printf("EVENT -1\n");
	    if (out) otrl_message_free(out);
	    free(msg);
	} else if (!strncmp(line, "SMP ", 4)) {
	    char *q = strtok(line + 4, " ");
	    char *s = strtok(NULL, " ");
	    ConnContext *c = otrl_context_find(us, ALICE, BOB, PROTOCOL, OTRL_INSTAG_BEST, 0, NULL,
		    NULL, NULL);
	    char *question = strcmp(q, "-") ? from_hex(q) : NULL;
	    char *secret = from_hex(s);
	    if (c) {
		if (question)
		    otrl_message_initiate_smp_q(us, &ops, NULL, c, question,
			    (unsigned char *)secret, strlen(secret));
		else
		    otrl_message_initiate_smp(us, &ops, NULL, c, (unsigned char *)secret,
			    strlen(secret));
	    }
	    free(question);
	    free(secret);
	} else if (!strncmp(line, "ANSWER ", 7)) {
	    char *secret = from_hex(line + 7);
	    if (asked)
		otrl_message_respond_smp(us, &ops, NULL, asked, (unsigned char *)secret,
			strlen(secret));
	    asked = NULL;
	    free(secret);
	} else if (!strncmp(line, "SYMKEY ", 7)) {
	    char *use = strtok(line + 7, " ");
	    char *ctx = strtok(NULL, " ");
	    char *usedata = ctx && strcmp(ctx, "-") ? from_hex(ctx) : NULL;
	    unsigned char key[OTRL_EXTRAKEY_BYTES];
	    ConnContext *c = otrl_context_find(us, ALICE, BOB, PROTOCOL, OTRL_INSTAG_BEST, 0, NULL,
		    NULL, NULL);
	    if (c && !otrl_message_symkey(us, &ops, NULL, c, (unsigned int)strtoul(use, NULL, 10),
		    (const unsigned char *)usedata, usedata ? strlen(usedata) : 0, key))
		put_hex("KEY", (const char *)key, OTRL_EXTRAKEY_BYTES);
	    else
		printf("EVENT -2\n");
	    free(usedata);
	} else if (!strcmp(line, "END")) {
	    otrl_message_disconnect_all_instances(us, &ops, NULL, BOB, PROTOCOL, ALICE);
	} else if (!strcmp(line, "QUIT")) {
	    break;
	}
	printf("DONE\n");
    }
    free(line);
    otrl_userstate_free(us);
    return 0;
}
