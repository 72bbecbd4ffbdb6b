#ifndef FITSMON_CLAIMS_H
#define FITSMON_CLAIMS_H
/*
 * claims — the supplier's own verdict, audited.  A ticket feed may map
 * `column.sla_met`: the supplier's word on whether the call met its SLA.
 * A cell that is one of the feed's `sla_met_values` (default `true, yes,
 * 1, met, within sla`; trimmed, any case) says met; any other non-empty
 * cell says not met; an empty cell (or an unmapped column) gives no
 * verdict.  For `ticket-events` feeds the verdict is the latest non-empty
 * one (dataset.c, store_load.c).
 *
 * Per SLA the audit takes the tickets its compliance counts (window
 * tickets with both clocks stopped, not unknown) and, of those with a
 * verdict, counts the supplier's "met" beside the clocks' "met" on the
 * same calls, and lists the calls where the two disagree.  A
 * `claim-mismatch` finding (amber, subject the SLA) is raised when the
 * supplier's met count is higher than the clocks' by more than one call,
 * and never for an SLA whose verdict is unknown (a feed not ok).
 *
 * evaluate.c calls it with the calls its compliance counts; it reads the
 * config and those calls and owns only what it returns.
 */
#include <stddef.h>
#include <stdint.h>

struct config;
struct finding_list;
struct ticket;

/* A call an SLA's compliance counts, as evaluate.c judged it. */
struct claim_call {
	const struct ticket *t;
	size_t tk;               /* index into the evaluation's tickets */
	int sla;
	int clock_met;           /* both clocks met */
};

struct claim {
	int mapped;              /* some ticket feed the SLA reads maps column.sla_met */
	size_t claimed;          /* counted calls with a verdict */
	size_t claimed_met;      /* of those, the supplier says met */
	size_t clock_met;        /* of those, the contract's clocks say met */
	size_t no_verdict;       /* counted calls with no verdict: left out */
	size_t said_met;         /* the supplier says met, the clocks say late */
	size_t said_late;        /* the supplier says not met, the clocks say met */
	int has_compliance;      /* claimed > 0 */
	int32_t compliance;      /* claimed_met / claimed, ten-thousandths, half up */
	int unknown;             /* the SLA's verdict is unknown: no finding */
	int mismatch;            /* claimed_met > clock_met + 1, and known */
};

/* A call where the verdicts disagree. */
struct claim_dispute {
	const struct ticket *t;
	size_t tk;               /* index into the evaluation's tickets */
	int sla;
	int supplier_met;        /* 1: the supplier says met (the clocks: late) */
};

struct claims {
	struct claim *sla;       /* one per config sla */
	size_t nsla;
	struct claim_dispute *v; /* by SLA, then in the evaluation's ticket order */
	size_t n;
};

/* 1 when the supplier's cell says met, 0 when it says not met, -1 when
 * there is no verdict (NULL or empty after trimming). */
int claims_verdict(const struct config *cfg, const struct ticket *t);

/* The audit of calls v[0..n), in the evaluation's ticket order;
 * unknown[k] (NULL: none) is 1 when SLA k's verdict is unknown. */
struct claims *claims_audit(const struct config *cfg, const struct claim_call *v, size_t n,
			    const unsigned char *unknown);
/* claim-mismatch findings into fl (wording.c), each naming up to five
 * disputed calls. */
void claims_findings(const struct config *cfg, const struct claims *c,
		     struct finding_list *fl);
void claims_free(struct claims *c);
/* 1 when some SLA's feeds map column.sla_met (c may be NULL): the
 * reports then have a section on the supplier's own figures. */
int claims_mapped(const struct claims *c);

#endif
