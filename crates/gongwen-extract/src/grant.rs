//! Where a sentence grants something. Its comma pieces are grouped into the
//! clauses of single measures (`对A给予…，对B给予…` is two; a cap or an
//! instalment after a grant stays with it; the condition before a grant is
//! part of it), and each clause is judged with the words of
//! data/measures.toml: it must name an instrument and give it (a grant verb,
//! a sum, or a relief word, which is its own verb); penalties, charges,
//! negations and statistics without a beneficiary are not measures.

use gongwen_model::MeasureKind;
use gongwen_parse::knowledge::{Knowledge, MeasureWords};

/// One measure's clause in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// Byte range of the clause in the sentence.
    pub start: usize,
    pub end: usize,
    pub kind: MeasureKind,
    /// Byte offset in the clause where the grant begins (its verb, else its
    /// instrument word): what comes before is the condition.
    pub grant_at: usize,
}

/// The verbs that give a sum directly (给予100万元): a piece with one of them
/// and a sum opens a measure even without an instrument word.
pub(crate) const GIVE: [&str; 2] = ["给予", "予以"];

fn kinds(w: &MeasureWords) -> [(MeasureKind, &Vec<String>); 6] {
    let i = &w.instruments;
    [
        (MeasureKind::Interest, &i.interest),
        (MeasureKind::Loan, &i.loan),
        (MeasureKind::Refund, &i.refund),
        (MeasureKind::TaxRelief, &i.tax_relief),
        (MeasureKind::Other, &i.other),
        (MeasureKind::Grant, &i.grant),
    ]
}

/// Every instrument named in `text` (each place, earliest first, the
/// longer word first at one place), skipping names used as modifiers
/// (`申请落户奖励的企业`, `享受补贴的项目`, `奖励资金分2年兑现`).
fn instruments(k: &Knowledge, text: &str) -> Vec<(usize, MeasureKind)> {
    let w = &k.measures;
    let mut found: Vec<(usize, std::cmp::Reverse<usize>, MeasureKind)> = Vec::new();
    for (kind, words) in kinds(w) {
        for word in words {
            // `申请落户奖励的企业`, `享受A奖励和B奖励的企业`, `奖励资金分2年兑现`,
            // `申请此项奖励`: a name, not a grant.
            let used_as_modifier = |at: usize| {
                let after = &text[at + word.len()..];
                if w.amount_is.iter().any(|a| after.find(a.as_str()).is_some_and(|i| i <= 6)) {
                    return false;
                }
                let before = &text[..at];
                // `纳入中央财政补贴范围`: taken into a subsidy's scope, the
                // beneficiary receives it (not `纳入补贴目录的项目`, a condition).
                if included(before, after, w) {
                    return false;
                }
                // `采取加速折旧的办法`: the instrument is the means itself.
                if w.means_closes.iter().any(|c| c.starts_with('的') && after.starts_with(c.as_str())) {
                    return false;
                }
                let to_de = after.find('的').map(|d| &after[..d]);
                after.starts_with('的')
                    || after.starts_with("资金") && !after.starts_with("资金支持") && !w.self_giving.contains(word)
                    || w.noun_after.iter().any(|n| after.starts_with(n.as_str()))
                    || kind == MeasureKind::Grant && w.noun_after_grant.iter().any(|n| after.starts_with(n.as_str()))
                    || w.references.iter().any(|r| before.ends_with(r.as_str()))
                    || ["享受", "获得", "申请", "取得"].iter().any(|v| before.ends_with(v))
                        && to_de.is_some_and(|t| t.chars().count() <= 8 && !t.contains(['，', ',']))
            };
            for (at, _) in text.match_indices(word.as_str()).filter(|(at, _)| !used_as_modifier(*at)) {
                found.push((at, std::cmp::Reverse(word.len()), kind));
            }
        }
    }
    found.sort_by_key(|(at, len, _)| (*at, *len));
    // A compound of two instrument words is of the kind of the last (its
    // head: 贷款贴息 is interest, 贴息贷款 a loan).
    let compound_head = |i: usize| {
        let (at, std::cmp::Reverse(len), _) = found[i];
        found.iter().any(|(next, _, _)| *next == at + len)
    };
    let keep: Vec<bool> = (0..found.len()).map(|i| !compound_head(i)).collect();
    found.into_iter().zip(keep).filter(|(_, k)| *k).map(|((at, _, kind), _)| (at, kind)).collect()
}

/// The kind of an instrument word in `phrase` that qualifies what follows
/// it (`有财政贴息的`), if one does.
fn qualifying(k: &Knowledge, phrase: &str) -> Option<MeasureKind> {
    let w = &k.measures;
    kinds(w).into_iter().find_map(|(kind, words)| words.iter().any(|word| phrase.find(word.as_str()).is_some_and(|at| phrase[at + word.len()..].starts_with('的'))).then_some(kind))
}

/// Whether an instrument between `before` and `after` is one a beneficiary
/// is taken into the scope of (`纳入中央财政补贴范围`, not `纳入补贴目录的项目`).
fn included(before: &str, after: &str, w: &MeasureWords) -> bool {
    let Some(noun) = w.inclusion_nouns.iter().find(|n| after.starts_with(n.as_str())) else {
        return false;
    };
    let piece = before.rsplit(['，', ',', '；', '。']).next().unwrap_or(before);
    let near: String = piece.chars().rev().take(w.verb_reach).collect::<Vec<_>>().into_iter().rev().collect();
    !after[noun.len()..].starts_with('的') && w.inclusion_verbs.iter().any(|v| near.rfind(v.as_str()).is_some_and(|at| !w.negations.iter().any(|n| near[..at].ends_with(n.as_str()))))
}

/// Whether `piece` takes a beneficiary into an instrument's scope.
fn includes(k: &Knowledge, piece: &str, w: &MeasureWords) -> bool {
    instruments(k, piece).into_iter().any(|(at, _)| {
        let word_len = kinds(&k.measures).iter().flat_map(|(_, ws)| ws.iter()).filter(|x| piece[at..].starts_with(x.as_str())).map(|x| x.len()).max().unwrap_or(0);
        included(&piece[..at], &piece[at + word_len..], w)
    })
}

/// The first instrument named in `text`.
pub fn first_instrument(k: &Knowledge, text: &str) -> Option<(usize, MeasureKind)> {
    instruments(k, text).into_iter().next()
}

/// What a clause gives: the first instrument after a grant verb
/// (`对…银行贷款，给予一定的财政贴息` gives 贴息), else the first named, except
/// that a relief verb after a plain grant noun is the clause's predicate
/// (`对…政府奖励免征个人所得税`).
fn kind_of(k: &Knowledge, text: &str) -> Option<(usize, MeasureKind)> {
    let all = instruments(k, text);
    // A quoted instrument that an instrument word follows names the
    // programme that instrument is for (`加大“创新券”财政补助力度`).
    if let Some(&(at, _)) = all.first() {
        if let Some(kind) = named_for(k, text, at) {
            return Some((at, kind));
        }
    }
    let first = *all.first()?;
    // A means named before its support verb (`通过贴息等措施，鼓励金融机构…
    // 提供贷款`) is what the clause gives.
    if leading_means(k, text, &k.measures).is_some_and(|lead| first.0 < lead) {
        return Some(first);
    }
    if let Some(give) = GIVE.iter().chain(&["提供", "申请"]).filter_map(|g| text.find(g)).min() {
        if let Some(&given) = all.iter().find(|(at, _)| *at > give) {
            // `提供有财政贴息的优惠贷款`: an instrument qualifying the one given,
            // in its noun phrase, is named first and gives the kind.
            let phrase = &text[give..given.0];
            if !phrase.contains(['，', ',', '、']) {
                if let Some(kind) = qualifying(k, phrase) {
                    return Some((first.0.min(given.0), kind));
                }
            }
            return Some((first.0.min(given.0), given.1));
        }
    }
    if first.1 == MeasureKind::Grant {
        let w = &k.measures;
        // Not when it is joined to a named instrument (`补助和加计扣除等政策`):
        // a list of instruments takes the first one's kind.
        let rest = &text[first.0..];
        let predicate = w.relief_verbs.iter().any(|v| rest.match_indices(v.as_str()).any(|(at, _)| !rest[..at].ends_with(['和', '、', '及', '与', '或'])));
        if predicate {
            return Some((first.0, MeasureKind::TaxRelief));
        }
        if let Some(&(_, kind)) = all.iter().find(|(at, _)| *at > first.0 && w.self_giving.iter().any(|s| text[*at..].starts_with(s.as_str()))) {
            return Some((first.0, kind));
        }
    }
    Some(first)
}

/// When the instrument at `at` is quoted and an instrument word follows
/// the quote within two characters (`“创新券”补助`, `“服务券”财政奖补`), that
/// word's kind.
fn named_for(k: &Knowledge, text: &str, at: usize) -> Option<MeasureKind> {
    let before = &text[..at];
    if before.matches('“').count() <= before.matches('”').count() {
        return None;
    }
    let after = &text[at..][text[at..].find('”')? + '”'.len_utf8()..];
    let w = &k.measures;
    after.char_indices().take(3).find_map(|(i, _)| {
        kinds(w).into_iter().find_map(|(kind, words)| words.iter().any(|word| after[i..].starts_with(word.as_str())).then_some(kind))
    })
}

fn any_in(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

fn first_of(text: &str, words: &[String]) -> Option<usize> {
    words.iter().filter_map(|w| text.find(w.as_str())).min()
}

/// What one comma piece contributes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// Opens a measure of its own.
    Opens,
    /// Qualifies the measure before it (a cap, an instalment).
    Qualifies,
    /// Neither: a condition, or prose.
    Plain,
}

/// `分2年`, `分三年`: an instalment.
fn is_instalment(bare: &str) -> bool {
    bare.strip_prefix('分').and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_digit() || "一二三四五两".contains(c))
}

/// A cap with no condition of its own (`单项支持资金最高不超过1000万元`);
/// `获得注册批件的最高给予3000万元` has one, and is a stage of its own.
fn is_cap(k: &Knowledge, piece: &str, w: &MeasureWords) -> bool {
    crate::amount::has_money(k, piece)
        && any_in(piece, &w.cap_words)
        && !piece.contains('的')
        && !piece.trim_start().starts_with('对')
        && !GIVE.iter().any(|g| piece.contains(g))
        // `小微企业可申请最高400万元创业担保贷款`: a grant of its own.
        && !(first_instrument(k, piece).is_some() && any_in(piece, &w.grant_verbs))
}

/// What a piece does; `after_grant` says whether a measure is open before
/// it in the sentence (a qualifier with nothing to qualify is judged as a
/// piece of its own: `每个给予5万元资金支持`).
fn piece_role(k: &Knowledge, piece: &str, sentence: &str, w: &MeasureWords, after_grant: bool) -> Piece {
    let bare = piece.trim().trim_start_matches(['（', '(']);
    if after_grant && (w.qualifier_starts.iter().any(|q| bare.starts_with(q.as_str())) || is_instalment(bare) || is_cap(k, piece, w)) {
        return Piece::Qualifies;
    }
    let sum = |from: usize| crate::amount::has_money(k, &piece[from..]) || crate::amount::has_rate(&piece[from..]);
    let verb = any_in(piece, &w.grant_verbs) || includes(k, piece, w) || any_in(piece, &w.aspect_gives) || is_means(k, piece, sentence, w) || funds_someone(piece, w);
    let named = instruments(k, piece);
    if let Some(&(at, _)) = named.first() {
        let self_verb = named.iter().any(|(_, k)| *k == MeasureKind::TaxRelief) || any_in(piece, &w.self_giving);
        // Without a verb, the sum must follow the instrument (`每家补助10万元`);
        // one before it is a threshold (`1000万元以下的流动资金贷款`). A rate
        // of a base gives it wherever it stands (`按…的50%奖补给企业`).
        if self_verb || verb || sum(at) || crate::amount::states_rate(k, piece) || item_naming_instrument(k, piece) {
            return Piece::Opens;
        }
    }
    let sum = sum(0);
    if sum && GIVE.iter().any(|g| piece.contains(g)) || gives_money_aspect(piece, w) {
        return Piece::Opens;
    }
    Piece::Plain
}

/// How far after 方面 the support an aspect frame gives is looked for
/// (给予重点帮助和扶持).
const ASPECT_VERB_REACH: usize = 10;

/// The first `n` characters of `s` (all of it when shorter).
fn first_chars(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

/// `在技术、资金等方面给予扶持`, `在规划、用地、财政等方面支持…`, `给予资金、
/// 用地等支持`: support in aspects that name money (`aspect_money`) gives
/// money, though no instrument word is printed; support in other aspects
/// gives none.
fn gives_money_aspect(piece: &str, w: &MeasureWords) -> bool {
    // `给予资金、用地等支持`: the money is in what the verb gives.
    let gives_money = GIVE.iter().chain(&["提供"]).any(|g| {
        piece.match_indices(g).any(|(at, _)| {
            let after = &piece[at + g.len()..];
            let head = first_chars(after, ASPECT_VERB_REACH);
            // The support word after the money (not 予以资助 alone), the whole not a
            // modifier (给予经费补助的单位), not what a party is urged to give
            // (鼓励社会力量…提供资金支持).
            w.aspect_money.iter().find(|m| head.starts_with(m.as_str())).is_some_and(|m| {
                let rest = &head[m.len()..];
                w.aspect_support.iter().any(|sup| rest.find(sup.as_str()).is_some_and(|i| !rest[i + sup.len()..].starts_with('的')))
            }) && !any_in(&piece[..at], &w.negations)
                && !any_in(&piece[..at], &w.means_party_verbs)
        })
    });
    if gives_money {
        return true;
    }
    let Some(aspect) = piece.find("方面") else { return false };
    let Some(open) = piece[..aspect].rfind('在') else { return false };
    let after = &piece[aspect + "方面".len()..];
    let aspects = &piece[open..aspect];
    // What the aspects' support is comes soon after 方面 (给予扶持, 予以重点支持).
    let verb = first_chars(after, ASPECT_VERB_REACH);
    any_in(aspects, &w.aspect_money)
        && !any_in(aspects, &w.aspect_money_not)
        && any_in(verb, &w.aspect_support)
        && !any_in(&piece[..open], &w.negations)
}

/// Comma pieces of `sentence` as byte ranges.
fn pieces(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for p in sentence.split_inclusive(['，', ',']) {
        out.push((at, at + p.len()));
        at += p.len();
    }
    out
}

/// Whether a piece can be the condition of the grant after it (`对…的，`).
fn is_condition(k: &Knowledge, piece: &str) -> bool {
    let bare = piece.trim().trim_end_matches(['，', ',']);
    bare.starts_with('对') || bare.starts_with('凡') || bare.ends_with('的') || crate::amount::has_money(k, bare)
}

/// The measures' clauses of one sentence (a part between 。 and ；).
pub fn grants(k: &Knowledge, sentence: &str) -> Vec<Grant> {
    let w = &k.measures;
    let ps = pieces(sentence);
    // Groups of pieces, each (first piece, last piece).
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut pending: Option<usize> = None;
    // First pieces of groups that share the verb of the group before them.
    let mut shared: Vec<usize> = Vec::new();
    for (i, &(a, b)) in ps.iter().enumerate() {
        let piece = &sentence[a..b];
        let role = piece_role(k, piece, sentence, w, current.is_some());
        // A rate with no cap of its own takes the first cap after it
        // (`按…的40%给予支持，获得A的最高给予1000万元，获得B的最高给予3000万元`).
        if role == Piece::Opens {
            if let Some(g) = current.as_mut() {
                let so_far = &sentence[ps[g.0].0..ps[g.1].1];
                let rate_only = crate::amount::has_rate(so_far) && !crate::amount::has_money(k, so_far);
                if rate_only && pending.is_none() && crate::amount::has_money(k, piece) && any_in(piece, &w.cap_words) {
                    g.1 = i;
                    continue;
                }
                // The support verb after a means (`通过贴息等措施，鼓励金融机构
                // …提供贷款`) is the means' own clause, not a measure of its own.
                let last = &sentence[ps[g.1].0..ps[g.1].1];
                if pending.is_none() && is_means(k, last, sentence, w) && any_in(piece, &w.means_verbs) {
                    g.1 = i;
                    continue;
                }
            }
        }
        match role {
            Piece::Opens => {
                if let Some(g) = current.take() {
                    groups.push(g);
                }
                current = Some((pending.take().unwrap_or(i), i));
            }
            Piece::Qualifies => match current.as_mut() {
                Some(g) => g.1 = i,
                None => {
                    pending.get_or_insert(i);
                }
            },
            Piece::Plain => match current.as_mut() {
                // `落实A补贴，B保险补偿，C所得税减免`: an instrument listed after
                // a verb's measure shares the verb and is a measure of its own.
                Some(g) if pending.is_none() && names_listed_instrument(k, piece) && any_in(&sentence[ps[g.0].0..ps[g.1].1], &w.grant_verbs) => {
                    groups.push(*g);
                    shared.push(i);
                    current = Some((i, i));
                }
                Some(_) if is_condition(k, piece) => {
                    pending = Some(i);
                }
                Some(g) if pending.is_none() => g.1 = i,
                _ => {
                    // `鼓励企业…，对…的，给予…`: the exhortation before a
                    // condition is not part of the grant.
                    let exhorts = pending.is_some_and(|p| {
                        let lead = sentence[ps[p].0..ps[p].1].trim_start();
                        w.means_verbs.iter().any(|v| lead.starts_with(v.as_str())) && !is_condition(k, lead)
                    });
                    if exhorts && is_condition(k, piece) {
                        pending = Some(i);
                    }
                    pending.get_or_insert(i);
                }
            },
        }
    }
    groups.extend(current);
    groups.into_iter().filter_map(|(first, last)| judge(k, sentence, ps[first].0, ps[last].1, w, shared.contains(&first))).collect()
}

/// Whether a statistic word governs an instrument or a sum in its comma
/// piece (`兑现人才补贴3.4亿元`; not `自认定次年起开始兑现，奖励额度为…`).
fn is_statistic(k: &Knowledge, text: &str, w: &MeasureWords) -> bool {
    w.statistic_words.iter().any(|s| {
        text.match_indices(s.as_str()).any(|(at, _)| {
            let rest = &text[at + s.len()..];
            let piece = rest.split(['，', ',', '、']).next().unwrap_or("");
            crate::amount::has_money(k, piece) || first_instrument(k, piece).is_some()
        })
    })
}

/// Whether a grant verb gives an instrument in one comma piece (within
/// `verb_reach` characters before it, not negated), or a relief verb is
/// there: what a clause without a sum needs to be a measure.
fn given_by_verb(k: &Knowledge, text: &str, w: &MeasureWords) -> bool {
    text.split(['，', ',']).any(|piece| {
        if relief_at(piece, text, w).is_some() || any_in(piece, &w.self_giving) || includes(k, piece, w) {
            return true;
        }
        if is_means(k, piece, text, w) || funds_someone(piece, w) || gives_money_aspect(piece, w) {
            return true;
        }
        instruments(k, piece).into_iter().any(|(at, _)| {
            // `在A、B补贴等方面给予支持`: the verb after applies to it.
            if w.aspect_gives.iter().any(|a| piece[at..].contains(a.as_str())) && !any_in(piece, &w.negations) {
                return true;
            }
            let before: Vec<char> = piece[..at].chars().collect();
            let skipped: usize = before[..before.len().saturating_sub(w.verb_reach)].iter().map(|c| c.len_utf8()).sum();
            let window = &piece[skipped..at];
            w.grant_verbs.iter().any(|v| {
                window.rfind(v.as_str()).is_some_and(|vat| {
                    let lead: Vec<char> = window[..vat].chars().collect();
                    let near: String = lead[lead.len().saturating_sub(3)..].iter().collect();
                    // A negation of two characters or more anywhere before
                    // the verb in the piece denies it (`不再通过…资金给予补贴`),
                    // unless it belongs to a condition closed by 的 (`对不再
                    // 使用燃煤的企业给予补贴`).
                    let whole = &piece[..skipped + vat];
                    let far = w.negations.iter().filter(|n| n.chars().count() > 1).filter_map(|n| whole.rfind(n.as_str())).max();
                    !w.negations.iter().any(|n| near.contains(n.as_str())) && !far.is_some_and(|f| !whole[f..].contains('的'))
                })
            })
        })
    })
}

/// Whether `piece` names instruments as the means of a support verb that
/// follows in `clause` (`通过风险补偿、贷款贴息等方式，鼓励和支持银行…`,
/// `运用保险补偿等政策，推动…`), not negated. A means after a verb that
/// sets a party acting (`means_party_verbs`) is that party's own
/// (`鼓励公民通过捐赠、资助等方式参与…`).
fn is_means(k: &Knowledge, piece: &str, clause: &str, w: &MeasureWords) -> bool {
    let Some(open) = w.means_opens.iter().filter_map(|o| piece.find(o.as_str()).map(|at| at + o.len())).min() else {
        return false;
    };
    let Some(close) = w.means_closes.iter().filter_map(|c| piece[open..].find(c.as_str()).map(|at| open + at)).min() else {
        return false;
    };
    let Some(start) = clause.find(piece) else { return false };
    instruments(k, &piece[open..close]).first().is_some()
        && any_in(&clause[start + close..], &w.means_verbs)
        && !any_in(&clause[..start + open], &w.means_party_verbs)
        && !any_in(&piece[..open], &w.negations)
}

/// The length of the first comma piece of `clause` when it names a means
/// (see [`is_means`]): the clause gives what that piece names.
fn leading_means(k: &Knowledge, clause: &str, w: &MeasureWords) -> Option<usize> {
    let lead = clause.split_inclusive(['，', ',']).next().unwrap_or(clause);
    is_means(k, lead, clause, w).then_some(lead.len())
}

/// Whether a funding verb heads `piece` and takes whom it funds as its
/// object (`资助中小企业开展技术创新`, `（四）资助青年人才…`): only an item
/// marker or one of `funding_leads` (并, 重点 …) stands before it, and what
/// follows it names a recipient (`funded_heads`: 企业, 机构, 学生 …; not
/// `资助专利申请`) and is no name (`资助强度`, `资助的项目`).
fn funds_someone(piece: &str, w: &MeasureWords) -> bool {
    let bare = piece.trim_start_matches(|c: char| c.is_whitespace() || c == '　');
    let bare = match gongwen_parse::outline::marker(bare) {
        Some(m) if bare.starts_with(['（', '(']) => &bare[m.rest..],
        _ => bare,
    };
    w.funding_verbs.iter().any(|v| {
        bare.find(v.as_str()).is_some_and(|at| {
            let after = &bare[at + v.len()..];
            (at == 0 || w.funding_leads.iter().any(|l| bare[..at] == **l))
                && after.chars().next().is_some_and(gongwen_parse::text::is_cjk)
                && any_in(after, &w.funded_heads)
                && !after.starts_with('的')
                && !w.noun_after.iter().any(|n| after.starts_with(n.as_str()))
        })
    })
}

/// Where the first relief verb of a comma piece stands that no negation
/// before it in the piece denies (`不得承诺减免…`). A relief word naming a thing (`税前扣除票据`, `减免承诺`) is none, nor is
/// one of `relief_needs_mark` used as a noun (`税收的减免`, `减免关税的物品`)
/// or without its mark before it in `clause` (the sentence part it belongs to).
fn relief_at(piece: &str, clause: &str, w: &MeasureWords) -> Option<usize> {
    let gives = |at: usize, word: &str| {
        let after = &piece[at + word.len()..];
        let before = &clause[..clause.find(piece).unwrap_or(0) + at];
        // `减免关税的物品` qualifies a noun; `税收的减免` is one.
        let to_de = after.find('的').map(|d| &after[..d]);
        let as_noun = after.starts_with('的') || before.ends_with('的') || to_de.is_some_and(|t| t.chars().count() <= 4 && !t.contains(['，', ',', '、']));
        let needs_mark = w.relief_needs_mark.iter().any(|m| m == word);
        !w.noun_after.iter().any(|n| after.starts_with(n.as_str())) && (!needs_mark || !as_noun && any_in(before, &w.relief_marks))
    };
    let at = w
        .relief_verbs
        .iter()
        .flat_map(|v| piece.match_indices(v.as_str()).filter(|(at, v)| gives(*at, v)).map(|(at, _)| at))
        .min()?;
    (!negated(&piece[..at], w)).then_some(at)
}

/// Whether a negation in `before` governs what follows it: not when it
/// belongs to a condition closed by 的 (`未从事道路运输经营的拖拉机免征…`).
fn negated(before: &str, w: &MeasureWords) -> bool {
    w.negations.iter().filter_map(|n| before.rfind(n.as_str()).map(|at| at + n.len())).max().is_some_and(|end| !before[end..].contains('的'))
}

/// Whether a word that rejects a clause (`not_measures`) is there other
/// than as a charge relieved (`减免…交叉补贴`).
fn rejected(text: &str, w: &MeasureWords) -> bool {
    let text = without_asides(text);
    text.split(['，', ',']).any(|piece| {
        let relief = relief_at(piece, &text, w);
        w.not_measures.iter().any(|n| {
            piece.match_indices(n.as_str()).any(|(at, _)| !(w.relievable.contains(n) && relief.is_some_and(|r| r < at)))
        })
    })
}

/// A list item that is the name of what it gives to whom (`（四）对农副产品
/// 生产环节的价格补贴`): it ends with its instrument, which needs no verb.
fn item_naming_instrument(k: &Knowledge, text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix('（') else {
        return false;
    };
    let Some((label, item)) = rest.split_once('）') else {
        return false;
    };
    if label.is_empty() || !label.chars().all(|c| "一二三四五六七八九十".contains(c)) {
        return false;
    }
    let item = item.trim_end_matches(['。', '；', ';', '，', ',']).trim_end_matches('等');
    // It names whom it goes to (`对…的`); items of income or of funding
    // sources (`（二）银行贷款`, `（四）津贴和补贴`) do not.
    if !item.starts_with('对') || !item.contains('的') {
        return false;
    }
    instruments(k, item).into_iter().any(|(at, _)| {
        let w = &k.measures;
        kinds(w).iter().any(|(_, words)| words.iter().any(|word| item[at..] == *word))
    })
}

/// `text` without its full-width bracketed asides (`（请注意：…）`).
fn without_asides(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('（') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' => depth += 1,
            '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The measure a clause makes, if it is one.
/// A piece that is only a noun phrase naming an instrument, as items of a
/// list are (`首版次软件保险补偿`, `研发费用加计扣除等优惠政策`).
fn names_listed_instrument(k: &Knowledge, piece: &str) -> bool {
    let w = &k.measures;
    let bare = piece.trim().trim_end_matches(['，', ',', '。', '；', ';']);
    let bare = bare.strip_suffix("优惠政策").or_else(|| bare.strip_suffix("政策")).unwrap_or(bare).trim_end_matches('等');
    !bare.starts_with('对')
        && !any_in(bare, &w.grant_verbs)
        && !crate::amount::has_money(k, bare)
        && instruments(k, bare).into_iter().any(|(at, _)| kinds(w).iter().any(|(_, words)| words.iter().any(|word| bare[at..] == *word)))
}

fn judge(k: &Knowledge, sentence: &str, start: usize, end: usize, w: &MeasureWords, shared_verb: bool) -> Option<Grant> {
    let text = &sentence[start..end];
    // A bracketed aside (（请注意：…将不予受理）) does not negate the grant.
    if rejected(text, w) {
        return None;
    }
    // `政银企对接` names no one.
    let marked = w.not_dui.iter().fold(text.to_string(), |t, d| t.replace(d.as_str(), "　"));
    let beneficiary_named = marked.contains('对') || text.contains("给予");
    // A means (`通过参股创业投资企业、…提供融资担保等方式`) is no statistic.
    if !beneficiary_named && leading_means(k, text, w).is_none() && is_statistic(k, text, w) {
        return None;
    }
    let sum = crate::amount::has_money(k, text);
    // A sum stated as an instrument's rate (资助强度为…) is a grant's, even
    // with no beneficiary named.
    if sum && !any_in(&marked, &w.beneficiary_marks) && !any_in(text, &w.amount_is) {
        return None;
    }
    let instrument = kind_of(k, text);
    // A duty follows what it is the price of (`享受补贴部分应用于自用`); before
    // it, the word describes who qualifies (`对自发自用的机组，减免…`).
    let duty = instrument.map_or(text, |(at, _)| &text[at..]);
    if any_in(text, &w.owed) || !sum && (any_in(duty, &w.duties) || any_in(text, &w.honours)) {
        return None;
    }
    let kind = instrument.map_or(MeasureKind::Grant, |(_, k)| k);
    if !sum && !crate::amount::has_rate(text) && !given_by_verb(k, text, w) && !item_naming_instrument(k, text) && !shared_verb {
        return None;
    }
    // The grant is the first 给予/予以, else the instrument named as one —
    // from the grant verb before it in its comma piece (`可申请最高…的贴息贷款`),
    // else the first grant verb (`申请落户奖励的企业` is a condition).
    let verb_before = |at: usize| {
        let piece_from = text[..at].rfind(['，', ',']).map_or(0, |c| c + text[c..].chars().next().map_or(0, char::len_utf8));
        w.grant_verbs.iter().filter_map(|v| text[piece_from..at].find(v.as_str()).map(|i| piece_from + i)).min().unwrap_or(at)
    };
    let grant_at = GIVE
        .iter()
        .filter_map(|g| text.find(g))
        .min()
        .or(instrument.map(|(at, _)| verb_before(at)))
        .or_else(|| first_of(text, &w.grant_verbs))
        .unwrap_or(0);
    Some(Grant { start, end, kind, grant_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(k: &Knowledge, s: &str) -> Vec<(String, MeasureKind)> {
        grants(k, s).into_iter().map(|g| (s[g.start..g.end].trim_end_matches('，').to_string(), g.kind)).collect()
    }

    #[test]
    fn one_clause_per_grant() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let s = "对获得国家最高科学技术奖的个人，给予每人800万元奖励，对获得省科学技术最高奖的个人，给予每人300万元奖励";
        let t = texts(k, s);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].0.starts_with("对获得省科学技术最高奖"), "{t:?}");
        let t = texts(k, "完成A的给予200万元，完成B的再给予500万元");
        assert_eq!(t.len(), 2, "{t:?}");
        // A cap and an instalment stay with their grant.
        let t = texts(k, "按照企业实缴注册资本的2%给予落户奖励，奖励资金分2年兑现，最高不超过4000万元");
        assert_eq!(t.len(), 1, "{t:?}");
        let t = texts(k, "申请落户奖励的总部企业，按照企业实缴注册资本的2%给予落户奖励");
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(t[0].0.starts_with("申请落户奖励"), "{t:?}");
    }

    #[test]
    fn kinds_from_the_first_instrument() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "对符合条件的政府奖励免征个人所得税")[0].1, MeasureKind::TaxRelief);
        assert_eq!(texts(k, "给予一定的财政贴息")[0].1, MeasureKind::Interest);
        assert_eq!(texts(k, "可申请最高不超过300万元的担保贷款")[0].1, MeasureKind::Loan);
        assert_eq!(texts(k, "金融机构可以提供有财政贴息的优惠贷款")[0].1, MeasureKind::Interest);
        // What is applied for is what is given, not the loan it is for.
        assert_eq!(texts(k, "不超过500万元的流动资金贷款，可按实际支付利息的40%申请融资费用补贴")[0].1, MeasureKind::Interest);
        // A quoted voucher names the programme a subsidy is for.
        assert_eq!(texts(k, "加大“科技券”财政奖补力度")[0].1, MeasureKind::Grant);
        assert_eq!(texts(k, "向企业发放“科技券”")[0].1, MeasureKind::Other);
    }

    #[test]
    fn relief_verbs_give_themselves_unless_negated() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "鼓励服务商向小微企业减免平台使用费")[0].1, MeasureKind::TaxRelief);
        assert_eq!(texts(k, "企业支付的人才住房补贴，可在计算企业所得税前扣除")[0].1, MeasureKind::TaxRelief);
        assert_eq!(texts(k, "除向用户收取核定的接入费外，其他服务均不收取任何费用").len(), 1);
        assert!(texts(k, "物业服务企业不得承诺减免物业费").is_empty());
        // 减免 as a noun, or without a beneficiary or a power to grant it.
        assert!(texts(k, "已作出停车费减免承诺的，应当支付相应费用").is_empty());
        assert!(texts(k, "不得利用职务之便接受减免停车费").is_empty());
        assert_eq!(texts(k, "对困难家庭可以减免相关费用").len(), 1);
        assert!(texts(k, "公示具有出具捐赠税前扣除票据资格的组织名单").is_empty());
        assert!(texts(k, "对减免关税的进口物品实施监管").is_empty());
        assert!(texts(k, "对地方税收的减免，按有关规定办理").is_empty());
        assert!(texts(k, "申请登记不收取费用").is_empty());
        // A charge relieved is relief; a charge alone is not.
        assert_eq!(texts(k, "对自备电厂减免系统备用费和交叉补贴")[0].1, MeasureKind::TaxRelief);
        // Listed after a grant noun, a relief word does not give the kind.
        assert_eq!(texts(k, "符合条件的，享受研发费用补助和加计扣除等优惠政策")[0].1, MeasureKind::Grant);
        assert!(texts(k, "自备电厂应承担交叉补贴").is_empty());
        // A negation inside a condition closed by 的 is the condition's.
        assert_eq!(texts(k, "未从事道路运输经营的拖拉机免征养路费")[0].1, MeasureKind::TaxRelief);
        assert!(texts(k, "未经批准不得免征养路费").is_empty());
        // Deferred payment, waived charges, accelerated depreciation as a means.
        assert_eq!(texts(k, "可以在规定期限内分期缴纳个人所得税")[0].1, MeasureKind::TaxRelief);
        assert_eq!(texts(k, "凭作业证免交车辆通行费")[0].1, MeasureKind::TaxRelief);
        assert_eq!(texts(k, "企业用于研究开发的仪器、设备，可以采取加速折旧的办法")[0].1, MeasureKind::TaxRelief);
    }

    #[test]
    fn preference_and_paperwork_are_no_grant() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert!(texts(k, "并在项目安排、资金支持、土地供应等方面给予倾斜").is_empty());
        assert!(texts(k, "若买方申请享受税收减免优惠，可提交户口本等申请材料").is_empty());
        assert_eq!(texts(k, "在技术、资金等方面给予扶持").len(), 1);
        assert_eq!(texts(k, "对农民购买农业机械，提供信贷扶持")[0].1, MeasureKind::Loan);
    }

    #[test]
    fn a_list_item_may_name_its_instrument() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "（三）对蔬菜生产流通环节的价格补贴；")[0].1, MeasureKind::Grant);
        assert!(texts(k, "（三）补贴资金的使用情况；").is_empty());
        assert!(texts(k, "（二）银行贷款；").is_empty());
        assert!(texts(k, "（四）以出口实绩为条件获得的补贴；").is_empty());
        assert!(texts(k, "对蔬菜生产流通环节的价格补贴").is_empty());
    }

    #[test]
    fn measures_taken_and_financing_services() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "县级人民政府可以采取扩大储备、临时性价格补贴等措施")[0].1, MeasureKind::Grant);
        assert_eq!(texts(k, "鼓励金融机构为文化企业提供融资服务")[0].1, MeasureKind::Loan);
        assert!(texts(k, "对倾销的进口产品可以采取临时反补贴措施").is_empty());
    }

    #[test]
    fn a_negation_before_the_verb_denies_it() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert!(texts(k, "已纳入目录的项目，不再通过附加资金给予补贴").is_empty());
        assert_eq!(texts(k, "对不再使用燃煤锅炉的企业给予补贴").len(), 1);
    }

    #[test]
    fn taken_into_a_subsidys_scope() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "存量项目按相应价格政策纳入中央财政补贴范围").len(), 1);
        assert!(texts(k, "新增项目不再纳入中央财政补贴范围").is_empty());
        assert!(texts(k, "纳入补贴目录的项目，按小时数核定").is_empty());
        // 纳入 gives nothing but a scope.
        let t = texts(k, "对首次纳入贷款风险补偿备案的企业，给予财政贴息支持");
        assert_eq!(t.len(), 1, "{t:?}");
    }

    #[test]
    fn instruments_listed_after_a_verb_share_it() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = texts(k, "落实企业上云补贴，首版次软件保险补偿，研发费用加计扣除等优惠政策");
        assert_eq!(t.iter().map(|t| t.1).collect::<Vec<_>>(), vec![MeasureKind::Grant, MeasureKind::Other, MeasureKind::TaxRelief], "{t:?}");
        // Prose after a grant is no list item.
        assert_eq!(texts(k, "给予一次性奖励，奖励资金分2年兑现").len(), 1);
    }

    #[test]
    fn a_verb_after_the_aspects_gives_them() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(texts(k, "在企业的引才投入、租房补贴等方面给予支持")[0].1, MeasureKind::Grant);
        assert_eq!(texts(k, "金融机构在优惠利率贷款中给予优先支持")[0].1, MeasureKind::Loan);
        assert!(texts(k, "在人才引进等方面给予支持").is_empty());
    }

    #[test]
    fn a_duty_follows_the_grant() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert!(texts(k, "享受补贴的房屋应用于自用").is_empty());
        assert_eq!(texts(k, "对企业自发自用的发电机组，减免系统备用费")[0].1, MeasureKind::TaxRelief);
    }

    #[test]
    fn a_rate_of_a_base_gives_its_instrument() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = texts(k, "对完工的项目，按项目新增财力的50%连续3年全部奖补给企业");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].1, MeasureKind::Grant);
    }

    #[test]
    fn penalties_and_statistics_are_not_measures() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert!(texts(k, "由县级以上人民政府给予警告，并处一万元以上十万元以下的罚款").is_empty());
        assert!(texts(k, "推行人才政策，兑现人才补贴3.4亿元").is_empty());
        assert!(texts(k, "全力支持企业扩产，加快建设投资126亿元的项目").is_empty());
        assert!(texts(k, "深化银企对接，新增信贷500亿元以上、小微企业贷款100亿元以上").is_empty());
        // A quantity of an instrument (贷款余额, 贷款增长) is a statistic.
        assert!(texts(k, "普惠小微贷款增长32%").is_empty());
        assert!(texts(k, "制造业贷款余额增长13.9%，新增上市公司5家").is_empty());
        // Discipline is no support; a notice of a grant is a document.
        assert!(texts(k, "强令银行发放贷款的，对直接责任人员给予纪律处分").is_empty());
        assert!(texts(k, "学校对学生实施奖励或者处分").is_empty());
        assert!(texts(k, "申请人收到资助通知后组织开展研究").is_empty());
        // Incentives in general are no grant; relief measures are relief.
        assert!(texts(k, "对信用良好的企业采取激励措施").is_empty());
        assert_eq!(texts(k, "灾后重建期间，县级人民政府依法实施地方税收优惠措施")[0].1, MeasureKind::TaxRelief);
    }
}
