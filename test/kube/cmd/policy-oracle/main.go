// Command policy-oracle answers audit-policy questions with the real k8s.io/apiserver code,
// one JSON object per stdin line and one per stdout line, so TypeScript tests can check parity.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	auditinternal "k8s.io/apiserver/pkg/apis/audit"
	auditv1 "k8s.io/apiserver/pkg/apis/audit/v1"
	"k8s.io/apiserver/pkg/apis/audit/validation"
	"k8s.io/apiserver/pkg/audit"
	"k8s.io/apiserver/pkg/audit/policy"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/klog/v2"
)

type request struct {
	Op       string       `json:"op"`
	Policy   string       `json:"policy"`
	Requests []attrsInput `json:"requests"`
}

type attrsInput struct {
	User              *string  `json:"user"`
	Groups            []string `json:"groups"`
	Verb              string   `json:"verb"`
	Namespace         string   `json:"namespace"`
	APIGroup          string   `json:"apiGroup"`
	APIVersion        string   `json:"apiVersion"`
	Resource          string   `json:"resource"`
	Subresource       string   `json:"subresource"`
	Name              string   `json:"name"`
	Path              string   `json:"path"`
	IsResourceRequest bool     `json:"isResourceRequest"`
}

type validateOutput struct {
	OK        bool     `json:"ok"`
	LoadError string   `json:"loadError"`
	Errors    []string `json:"errors"`
	// Warning is the strict-decoding error the loader logs before it falls back to lenient decoding.
	Warning string `json:"warning,omitempty"`
}

type result struct {
	Level             string   `json:"level"`
	OmitStages        []string `json:"omitStages"`
	OmitManagedFields bool     `json:"omitManagedFields"`
	Rule              int      `json:"rule"`
}

type evaluateOutput struct {
	Results []result `json:"results"`
}

type errorOutput struct {
	Error string `json:"error"`
}

// compiled is a loaded policy plus one evaluator per rule, used to find which rule decided.
type compiled struct {
	policy  *auditinternal.Policy
	full    audit.PolicyRuleEvaluator
	perRule []audit.PolicyRuleEvaluator
	loadErr error
}

// Tests send the same policy text many times; loading it once makes evaluate cheap.
var cache = map[string]*compiled{}

const maxCached = 512

func main() {
	// The loader logs its lenient-decoding warning through klog; it goes into "warning" instead.
	klog.SetLogger(logr.Discard())

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			writeLine(out, handle(line))
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				writeLine(out, errorOutput{Error: "read stdin: " + err.Error()})
			}
			return
		}
	}
}

func writeLine(out *bufio.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(errorOutput{Error: "encode response: " + err.Error()})
	}
	out.Write(b)
	out.WriteByte('\n')
	out.Flush()
}

func handle(line []byte) (resp any) {
	defer func() {
		if r := recover(); r != nil {
			resp = errorOutput{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	var req request
	dec := json.NewDecoder(strings.NewReader(string(line)))
	dec.DisallowUnknownFields() // a misspelt request field would silently change the question
	if err := dec.Decode(&req); err != nil {
		return errorOutput{Error: "bad request JSON: " + err.Error()}
	}
	switch req.Op {
	case "validate":
		return validate([]byte(req.Policy))
	case "evaluate":
		out, err := evaluate(req.Policy, req.Requests)
		if err != nil {
			return errorOutput{Error: err.Error()}
		}
		return out
	case "version":
		return versions()
	default:
		return errorOutput{Error: fmt.Sprintf("unknown op %q (want validate, evaluate or version)", req.Op)}
	}
}

func validate(text []byte) validateOutput {
	out := validateOutput{Errors: []string{}}
	if _, err := policy.LoadPolicyFromBytes(text); err != nil {
		out.LoadError = err.Error()
	}
	out.OK = out.LoadError == ""
	// The loader reports field errors only as one aggregate string, so decode the same way it
	// does and list ValidatePolicy's errors one by one.
	p, warning, ok := decode(text)
	out.Warning = warning
	if ok {
		for _, e := range validation.ValidatePolicy(p) {
			out.Errors = append(out.Errors, e.Error())
		}
	}
	return out
}

// decode mirrors the steps of policy.LoadPolicyFromBytes before ValidatePolicy: strict decoding,
// the lenient fallback, and the audit.k8s.io/v1 check. ok is false where the loader stops earlier.
func decode(text []byte) (p *auditinternal.Policy, warning string, ok bool) {
	p = &auditinternal.Policy{}
	strict := serializer.NewCodecFactory(audit.Scheme, serializer.EnableStrict).UniversalDecoder()
	_, gvk, err := strict.Decode(text, nil, p)
	if err != nil {
		if !runtime.IsStrictDecodingError(err) {
			return nil, "", false
		}
		warning = err.Error()
		p = &auditinternal.Policy{}
		if _, gvk, err = audit.Codecs.UniversalDecoder(auditv1.SchemeGroupVersion).Decode(text, nil, p); err != nil {
			return nil, "", false
		}
	}
	return p, warning, gvk.GroupVersion() == auditv1.SchemeGroupVersion
}

func compile(text string) *compiled {
	if c, ok := cache[text]; ok {
		return c
	}
	c := &compiled{}
	c.policy, c.loadErr = policy.LoadPolicyFromBytes([]byte(text))
	if c.loadErr == nil {
		// NewPolicyRuleEvaluator rewrites the rules' omitStages in place, so give it a copy.
		c.full = policy.NewPolicyRuleEvaluator(c.policy.DeepCopy())
		for _, rule := range c.policy.Rules {
			one := rule.DeepCopy()
			if one.Level == auditinternal.LevelNone {
				one.Level = auditinternal.LevelMetadata // so a match is visible as a non-None level
			}
			c.perRule = append(c.perRule, policy.NewPolicyRuleEvaluator(&auditinternal.Policy{Rules: []auditinternal.PolicyRule{*one}}))
		}
	}
	if len(cache) >= maxCached {
		clear(cache)
	}
	cache[text] = c
	return c
}

func evaluate(text string, inputs []attrsInput) (evaluateOutput, error) {
	c := compile(text)
	if c.loadErr != nil {
		return evaluateOutput{}, fmt.Errorf("policy does not load: %v", c.loadErr)
	}
	out := evaluateOutput{Results: make([]result, 0, len(inputs))}
	for i, in := range inputs {
		attrs := toAttributes(in)
		got := c.full.EvaluatePolicyRule(attrs)
		rule := -1
		for j, e := range c.perRule {
			if e.EvaluatePolicyRule(attrs).Level != auditinternal.LevelNone {
				rule = j
				break
			}
		}
		if err := checkAgrees(c.policy, rule, got); err != nil {
			return evaluateOutput{}, fmt.Errorf("request %d: %v", i, err)
		}
		out.Results = append(out.Results, result{
			Level:             string(got.Level),
			OmitStages:        sortStages(got.OmitStages),
			OmitManagedFields: got.OmitManagedFields,
			Rule:              rule,
		})
	}
	return out, nil
}

// toAttributes builds what the audit filter hands the evaluator; a null user means no user info at all.
func toAttributes(in attrsInput) authorizer.AttributesRecord {
	a := authorizer.AttributesRecord{
		Verb:            in.Verb,
		Namespace:       in.Namespace,
		APIGroup:        in.APIGroup,
		APIVersion:      in.APIVersion,
		Resource:        in.Resource,
		Subresource:     in.Subresource,
		Name:            in.Name,
		ResourceRequest: in.IsResourceRequest,
		Path:            in.Path,
	}
	if in.User != nil { // never store a typed nil: the checker tests user == nil
		a.User = &user.DefaultInfo{Name: *in.User, Groups: in.Groups}
	}
	return a
}

// checkAgrees guards the derived rule index against the full evaluation's result.
func checkAgrees(p *auditinternal.Policy, rule int, got audit.RequestAuditConfig) error {
	wantLevel, wantOmit := auditinternal.LevelNone, p.OmitManagedFields
	wantStages := p.OmitStages
	if rule >= 0 {
		r := p.Rules[rule]
		wantLevel = r.Level
		if r.OmitManagedFields != nil {
			wantOmit = *r.OmitManagedFields
		}
		wantStages = append(slices.Clone(p.OmitStages), r.OmitStages...)
	}
	if got.Level != wantLevel || got.OmitManagedFields != wantOmit || !sameSet(got.OmitStages, wantStages) {
		return fmt.Errorf("derived rule %d disagrees with the full evaluation (%+v)", rule, got)
	}
	return nil
}

func sameSet(a, b []auditinternal.Stage) bool {
	set := func(s []auditinternal.Stage) map[auditinternal.Stage]bool {
		m := map[auditinternal.Stage]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	ma, mb := set(a), set(b)
	if len(ma) != len(mb) {
		return false
	}
	for k := range ma {
		if !mb[k] {
			return false
		}
	}
	return true
}

var stageOrder = []auditinternal.Stage{
	auditinternal.StageRequestReceived, auditinternal.StageResponseStarted,
	auditinternal.StageResponseComplete, auditinternal.StagePanic,
}

// sortStages gives a stable order: the evaluator builds the set from a Go map (random order).
// Duplicates are kept, as the evaluator keeps them when no rule matches.
func sortStages(s []auditinternal.Stage) []string {
	out := make([]string, 0, len(s))
	for _, x := range s {
		out = append(out, string(x))
	}
	slices.SortStableFunc(out, func(a, b string) int {
		return slices.Index(stageOrder, auditinternal.Stage(a)) - slices.Index(stageOrder, auditinternal.Stage(b))
	})
	return out
}

// versions reports the module versions compiled in, so a test can assert what it talks to.
func versions() map[string]string {
	out := map[string]string{}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return out
	}
	out["go"] = info.GoVersion
	for _, m := range info.Deps {
		if m.Path == "k8s.io/apiserver" || m.Path == "k8s.io/kubernetes" {
			v := m.Version
			if m.Replace != nil {
				v = m.Replace.Version
			}
			out[m.Path] = v
		}
	}
	return out
}
