#!/usr/bin/env bash
# A whole county year on the ledger, played with ledgerctl by the organisations that really sign
# each record: 东至县 (341721) and its 花园乡 (341721105), from the seeds (../shared/seeds/000:
# 东至县花园乡2020年脱贫攻坚工作总结 — tea, 栗埠村 and 桃源村, the 7.8 flood, "利用光伏扶贫收益
# 开发公益岗位18个").
#
#   the county's funds arrive (资金到账) → three projects go through the project library (项目库),
#   the annual plan (年度计划), their before-notices (事前公示), contracts and acceptance (验收) →
#   the finance bureau pays them (报账), one payment by hand and the rest from a spreadsheet
#   (import disbursements), a work-relief payment with its household roster (花名册) →
#   a photovoltaic station (光伏电站) and a road (产业路) are registered, confirmed (确权), handed
#   over (移交) and leased or looked after (运营管护) → the station's income (收益) is distributed
#   by the village (分配方案, township review, county filing, 公示, payment, result, 公告) →
#   tea-processing equipment destroyed by the flood is written off (资产处置, 报损) →
#   the notice board (村务公开栏), a checkpoint, a full audit (audit verify, audit report),
#   the money traced to the station (trace asset) and an offline bundle verified without the server.
#
# Run it against `scripts/run.sh` (in another shell):
#
#   examples/county-year.sh
#
# Configuration (environment):
#   LEDGERCTL          the ledgerctl binary (default build/release/bin/ledgerctl, as run.sh builds it)
#   LEDGER_SERVER      ledgerd's address (default 127.0.0.1:50051)
#   LEDGER_ORIGIN      the log (default ledger.example.org/341721, run.sh's demo log)
#   LEDGER_ADMIN_KEY   the administrator's key file (default var/keys/admin.key, written by run.sh)
#   LEDGER_ADMIN_PRINCIPAL  the administrator's principal id (default admin)
#   LEDGER_EXAMPLE_DIR the work directory for the principals' keys, the documents, CSV files,
#                      proofs and the bundle (default var/example)
#   LEDGER_STATE_DIR   ledgerctl's trusted state: the log's pinned checkpoint key and the last
#                      checkpoint verified (default $LEDGER_EXAMPLE_DIR/state, so that it goes with
#                      var/: a log created again after `rm -rf var` has a new key, which a state
#                      kept elsewhere would rightly refuse as SECURITY ERROR)
#   LEDGER_RUN_TAG     the run tag (default: r<yymmddHHMMSS>, the time of the run)
#
# Running it again on the same log: every run is a new county year on the same log. The county's
# organisations are the same every year: their principals (xzj-341721, fin-341721, ...) are
# created on the first run and found on later ones, and their keys are kept in
# $LEDGER_EXAMPLE_DIR/keys (a principal that exists without a key there, e.g. after the directory
# was removed, gets a new key registered). Everything else is new in every run: each business id
# (receipts, projects, contracts, payments, assets, plans, disposals, announcements) ends in the
# run tag, every document has the run tag in it (so no voucher is ever paid twice, R32), and the
# village's five post holders and labourers are new people whose identity numbers are made from
# the run's time (R24 forbids paying one person twice for overlapping periods, and every run's
# periods are the same days before today). The events are entered with their business dates
# (--business-date) relative to today, the year ending today, so that every notice period has
# ended before the next step (notices last 15 days; the policy's notice_period_days must be ≤ 15).
#
# Any failing step stops the script with its non-zero exit status and the failing command. Audit
# findings (exit 1 of `audit verify|report`: the log verified, and has findings) are printed and
# do not stop it: this script's own records produce none, but the log may hold other records.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LEDGERCTL="${LEDGERCTL:-$ROOT/build/release/bin/ledgerctl}"
LEDGER_SERVER="${LEDGER_SERVER:-127.0.0.1:50051}"
LEDGER_ORIGIN="${LEDGER_ORIGIN:-ledger.example.org/341721}"
ADMIN_KEY="${LEDGER_ADMIN_KEY:-$ROOT/var/keys/admin.key}"
ADMIN="${LEDGER_ADMIN_PRINCIPAL:-admin}"
WORK="${LEDGER_EXAMPLE_DIR:-$ROOT/var/example}"
RUN_EPOCH="$(date +%s)"
TAG="${LEDGER_RUN_TAG:-r$(date -d "@$RUN_EPOCH" +%y%m%d%H%M%S)}"
# ledgerctl reads LEDGER_STATE_DIR itself; the signing key and principal are given per command.
export LEDGER_STATE_DIR="${LEDGER_STATE_DIR:-$WORK/state}"
unset LEDGER_KEY LEDGER_PRINCIPAL LEDGER_BUSINESS_DATE

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'county-year.sh: error: %s\n' "$*" >&2; exit 1; }
# On a failing command: its exit status, the command and where the script was (the line of each
# function call down to it).
on_error() {
  local rc=$? i where=""
  for ((i = ${#FUNCNAME[@]} - 1; i > 0; i--)); do where+=" line ${BASH_LINENO[i - 1]}"; done
  printf '\ncounty-year.sh: FAILED (exit %s) at%s: %s\n' "$rc" "$where" "$BASH_COMMAND" >&2
  exit "$rc"
}
trap on_error ERR

[[ -x "$LEDGERCTL" ]] || die "no ledgerctl at $LEDGERCTL (build it, or set LEDGERCTL)"
[[ -r "$ADMIN_KEY" ]] || die "no administrator key at $ADMIN_KEY (start scripts/run.sh first, or set LEDGER_ADMIN_KEY)"
[[ "$TAG" =~ ^[A-Za-z0-9]{1,20}$ ]] || die "LEDGER_RUN_TAG must be 1..20 letters or digits"

KEYS="$WORK/keys"
DOCS="$WORK/$TAG"
mkdir -p "$KEYS" "$DOCS"
chmod 700 "$KEYS"

# ledgerctl against the server, unsigned (reads), as the administrator, and as a principal signing
# with its key on a business date (业务日期: the day the event happened).
ctl() { "$LEDGERCTL" --server "$LEDGER_SERVER" --origin "$LEDGER_ORIGIN" "$@"; }
admin() { ctl --key "$ADMIN_KEY" --principal "$ADMIN" "$@"; }
as() {
  local who="$1" on="$2"
  shift 2
  ctl --key "$KEYS/$who.key" --principal "$who" --business-date "$on" "$@"
}

# A date `n` days from the day the run started in Shanghai (the server's calendar: never in its
# future, even when a run crosses midnight there), e.g. day -30.
TODAY="$(TZ=Asia/Shanghai date +%F)"
day() { date -u -d "$TODAY $1 days" +%F; }
YEAR="$(day -300 | cut -c1-4)"

# A document the signers enter by its SHA-256: text with the run tag, so different in every run.
doc() {
  local name="$1"
  shift
  printf '%s\n运行 %s\n' "$*" "$TAG" >"$DOCS/$name"
  printf '%s' "$DOCS/$name"
}

# A resident identity number (GB 11643-1999) with its check character, for person `i` (0..9) of
# this run: born on a day and with a sequence number taken from the run's time.
id_number() {
  local born serial body sum=0 k checks=10X98765432
  local -a weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
  born="$(date -u -d "1950-01-01 + $(((RUN_EPOCH / 60) % 16000)) days" +%Y%m%d)"
  serial=$(((RUN_EPOCH % 60) * 10 + $1 + 100))
  body="$(printf '341721%s%03d' "$born" "$serial")"
  for k in $(seq 0 16); do sum=$((sum + ${body:k:1} * weights[k])); done
  printf '%s%s' "$body" "${checks:$((sum % 11)):1}"
}

# --- the county, its township and villages -----------------------------------------------------
COUNTY=341721
TOWNSHIP=341721105        # 花园乡
LIBU=341721105201         # 栗埠村: the photovoltaic station
TAOYUAN=341721105202      # 桃源村: the road
NANXI=341721105203        # 南溪村: the tea-processing equipment
LIBU_COOP="village:$LIBU:栗埠村股份经济合作社"
TAOYUAN_COOP="village:$TAOYUAN:桃源村股份经济合作社"
NANXI_COOP="village:$NANXI:南溪村股份经济合作社"
XZJ=xzj-341721            # 东至县乡村振兴局: projects and assets
FIN=fin-341721            # 东至县财政局: funds and payments
HY=hy-341721105           # 花园乡人民政府: township review
CUN1=cun-341721105201     # 栗埠村村委会 (its accountant)
CUN2=cun-341721105202     # 桃源村村委会
CUN3=cun-341721105203     # 南溪村村委会

say "run $TAG against $LEDGER_SERVER, log $LEDGER_ORIGIN; files in $DOCS, trusted state in $LEDGER_STATE_DIR"
ctl health

# The notices below last 15 days; the policy decides the minimum (R11, R20, R26).
notice_days="$(ctl --json policy show | sed -n 's/.*"notice_period_days":\([0-9]*\).*/\1/p')"
[[ -n "$notice_days" && "$notice_days" -le 15 ]] ||
  die "the policy's notice_period_days is ${notice_days:-unknown}; this example's notices last 15 days"

# The administrator (管理员) registers each organisation that signs, with its role and the division
# it acts for, and its key; an organisation already registered by an earlier run is kept.
principal() {
  local id="$1" name="$2" kind="$3" scope="$4" role="$5" key_id
  if [[ ! -e "$KEYS/$id.key" ]]; then
    ctl key gen --out "$KEYS/$id.key" >/dev/null
  fi
  if ! ctl principal show "$id" >/dev/null 2>&1; then
    admin principal add --id "$id" --name "$name" --kind "$kind" --scope "$scope" --role "$role"
  else
    echo "principal $id ($name) is already registered"
  fi
  key_id="$(ctl --key "$KEYS/$id.key" --json key show | sed -n 's/.*"key_id":"\([0-9a-f]*\)".*/\1/p')"
  [[ -n "$key_id" ]] || die "cannot read the key id of $KEYS/$id.key"
  if ! ctl --json principal show "$id" | grep -q "\"key_id\":\"$key_id\""; then
    admin key register --for "$id" --key-file "$KEYS/$id.key"
  fi
}
say "管理员 registers the county's organisations and their keys (principal add, key register)"
principal "$XZJ" 东至县乡村振兴局 rural-revitalization-bureau "$COUNTY" project-manager
principal "$FIN" 东至县财政局 finance-bureau "$COUNTY" fund-manager
principal "$HY" 花园乡人民政府 township "$TOWNSHIP" township-reviewer
principal "$CUN1" 栗埠村村委会 village-committee "$LIBU" village-accountant
principal "$CUN2" 桃源村村委会 village-committee "$TAOYUAN" village-accountant
principal "$CUN3" 南溪村村委会 village-committee "$NANXI" village-accountant

# --- funds received (资金到账) ------------------------------------------------------------------
say "县财政局 receives the central linkage fund (中央财政衔接推进乡村振兴补助资金) and the county's own (县级衔接资金)"
as "$FIN" "$(day -300)" fund receive --id "R-$TAG-C" --source central-linkage --year "$YEAR" \
  --doc "皖财农〔$YEAR〕1号" --amount 3,000,000.00
as "$FIN" "$(day -290)" fund receive --id "R-$TAG-X" --source county-linkage --year "$YEAR" \
  --doc "东财农〔$YEAR〕5号" --amount 800,000.00

# --- projects: library, annual plan, before-notice, contract (项目库 → 年度计划 → 事前公示 → 合同) --
P_PV="P-$TAG-PV" P_RD="P-$TAG-RD" P_TEA="P-$TAG-TEA"
say "县乡村振兴局 registers three projects in the project library (项目入库)"
as "$XZJ" "$(day -298)" project register --id "$P_PV" --name 栗埠村300kW光伏电站 --type industry \
  --location "$LIBU" --content "村级光伏电站 300 kW, 收益用于公益岗位" \
  --planned central-linkage=1,200,000.00 --implementer 东至县乡村振兴局 --responsible 王建华 \
  --households 42
as "$XZJ" "$(day -298)" project register --id "$P_RD" --name 桃源村产业路硬化 --type infrastructure \
  --location "$TAOYUAN" --content "茶园产业路硬化 2 km, 宽 4.5 m" \
  --planned central-linkage=600,000.00 --planned county-linkage=400,000.00 \
  --implementer 花园乡人民政府 --responsible 陈立新 --households 86
as "$XZJ" "$(day -298)" project register --id "$P_TEA" --name 南溪村茶叶加工设备 --type industry \
  --location "$NANXI" --content "名优绿茶加工生产线一条" --planned central-linkage=300,000.00 \
  --implementer 南溪村股份经济合作社 --responsible 汪志远 --households 35

say "each project through the library's steps, in order: 村申报 → 村级公示 → 乡审核 → 县审定 (R2)"
for p in "$P_PV" "$P_RD" "$P_TEA"; do
  as "$XZJ" "$(day -297)" project step --id "$p" --step village-application --date "$(day -297)"
  as "$XZJ" "$(day -295)" project step --id "$p" --step village-notice --date "$(day -295)"
  as "$XZJ" "$(day -285)" project step --id "$p" --step township-review --date "$(day -285)"
  as "$XZJ" "$(day -283)" project step --id "$p" --step county-approval --date "$(day -283)"
done

say "县乡村振兴领导小组 approves the annual plan (年度计划批复), entered by 县乡村振兴局"
as "$XZJ" "$(day -280)" project approve --id "$P_PV" --year "$YEAR" \
  --line central-linkage=1,200,000.00 --body 东至县乡村振兴领导小组
as "$XZJ" "$(day -280)" project approve --id "$P_RD" --year "$YEAR" \
  --line central-linkage=600,000.00 --line county-linkage=400,000.00 --body 东至县乡村振兴领导小组
as "$XZJ" "$(day -280)" project approve --id "$P_TEA" --year "$YEAR" \
  --line central-linkage=300,000.00 --body 东至县乡村振兴领导小组

say "县乡村振兴局 posts each project's before-notice (事前公示) for 15 days; nothing is paid before it ends (R11)"
for p in "$P_PV" "$P_RD" "$P_TEA"; do
  as "$XZJ" "$(day -278)" announce --id "N-$p" --subject project-before --subject-id "$p" \
    --channel village-board --notice-file "$(doc "事前公示-$p.txt" "项目实施前公示 $p")" \
    --start "$(day -278)" --end "$(day -264)"
done

say "县乡村振兴局 records the contracts won by tender (招标, 合同): advance ≤ 30 %, retention 10 % (R6)"
as "$XZJ" "$(day -262)" project contract --id "C-$TAG-PV" --project "$P_PV" \
  --payee 安徽某新能源科技有限公司 --amount 1,150,000.00 --tender 公开招标 --signed "$(day -262)" \
  --start "$(day -260)" --end "$(day -160)" --advance-ceiling-bp 3000 --retention-bp 1000
as "$XZJ" "$(day -262)" project contract --id "C-$TAG-RD" --project "$P_RD" \
  --payee 东至县某路桥工程有限公司 --amount 950,000.00 --tender 公开招标 --signed "$(day -262)" \
  --start "$(day -260)" --end "$(day -175)" --retention-bp 1000
as "$XZJ" "$(day -262)" project contract --id "C-$TAG-RD-LAB" --project "$P_RD" \
  --payee 桃源村以工代赈务工群众 --amount 48,000.00 --tender 以工代赈 --signed "$(day -262)" \
  --start "$(day -260)" --end "$(day -175)"
as "$XZJ" "$(day -262)" project contract --id "C-$TAG-TEA" --project "$P_TEA" \
  --payee 黄山某茶机制造有限公司 --amount 280,000.00 --tender 公开招标 --signed "$(day -262)" \
  --start "$(day -260)" --end "$(day -215)" --advance-ceiling-bp 3000 --retention-bp 1000

# --- payments (拨付/报账) ------------------------------------------------------------------------
say "县财政局 pays the station's 30 % advance (预付款), with its voucher and invoice (disburse)"
as "$FIN" "$(day -255)" disburse --id "D-$TAG-PV-1" --project "$P_PV" --contract "C-$TAG-PV" \
  --source central-linkage --stage advance --amount 345,000.00 --payee 安徽某新能源科技有限公司 \
  --category industry --voucher-file "$(doc "凭证-D-PV-1.txt" 记账凭证 光伏预付款)" \
  --invoice-file "$(doc "发票-D-PV-1.txt" 增值税发票 光伏预付款)" \
  --applied "$(day -258)" --signed-off "$(day -257)" --approved "$(day -256)" --paid "$(day -255)"

say "县乡村振兴局 records the acceptance of the works (竣工验收)"
as "$XZJ" "$(day -212)" project accept --id "A-$TAG-TEA" --project "$P_TEA" --date "$(day -212)" \
  --result 合格 --report-file "$(doc "验收报告-TEA.txt" 茶叶加工设备验收报告)"
as "$XZJ" "$(day -172)" project accept --id "A-$TAG-RD" --project "$P_RD" --date "$(day -172)" \
  --result 合格 --report-file "$(doc "验收报告-RD.txt" 产业路验收报告)"
as "$XZJ" "$(day -155)" project accept --id "A-$TAG-PV" --project "$P_PV" --date "$(day -155)" \
  --result 合格 --report-file "$(doc "验收报告-PV.txt" 光伏电站并网验收报告)"

say "县财政局 enters the year's other payments from its spreadsheet (拨付.csv, import disbursements)"
# Each row has its own voucher and invoice (file paths relative to the CSV), and its dates:
# application ≤ township sign-off ≤ finance approval ≤ payment, after the acceptance for a final
# payment (R5); the final payments keep the 10 % retention (质保金).
csv_row() {  # id project contract source stage amount payee category acceptance applied..paid
  local id="$1"
  doc "凭证-$id.txt" "记账凭证 $id" >/dev/null
  doc "发票-$id.txt" "发票 $id" >/dev/null
  printf '%s,%s,%s,%s,%s,"%s",%s,%s,凭证-%s.txt,发票-%s.txt,%s,%s,%s,%s,%s\n' \
    "$id" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$id" "$id" "$9" \
    "$(day "${10}")" "$(day "$((${10} + 1))")" "$(day "$((${10} + 2))")" "$(day "$((${10} + 3))")"
}
{
  echo "支付编号,项目编号,合同编号,资金来源,支付阶段,金额(元),收款人,支出类别,凭证文件,发票文件,验收编号,applied,signed-off,approved,paid"
  csv_row "D-$TAG-TEA-1" "$P_TEA" "C-$TAG-TEA" central-linkage advance 84,000.00 黄山某茶机制造有限公司 industry "" -253
  csv_row "D-$TAG-RD-1" "$P_RD" "C-$TAG-RD" central-linkage progress 500,000.00 东至县某路桥工程有限公司 infrastructure "" -223
  csv_row "D-$TAG-TEA-2" "$P_TEA" "C-$TAG-TEA" central-linkage final 168,000.00 黄山某茶机制造有限公司 industry "A-$TAG-TEA" -209
  csv_row "D-$TAG-RD-2" "$P_RD" "C-$TAG-RD" county-linkage final 355,000.00 东至县某路桥工程有限公司 infrastructure "A-$TAG-RD" -170
  csv_row "D-$TAG-RD-LAB" "$P_RD" "C-$TAG-RD-LAB" central-linkage final 48,000.00 桃源村以工代赈务工群众 work_relief "A-$TAG-RD" -167
  csv_row "D-$TAG-PV-2" "$P_PV" "C-$TAG-PV" central-linkage final 690,000.00 安徽某新能源科技有限公司 industry "A-$TAG-PV" -153
} >"$DOCS/拨付.csv"
as "$FIN" "$(day -150)" import disbursements --dry-run "$DOCS/拨付.csv"
as "$FIN" "$(day -150)" import disbursements "$DOCS/拨付.csv"
# Run again (as after an interruption): every row is found in the log, nothing is paid twice.
as "$FIN" "$(day -150)" import disbursements "$DOCS/拨付.csv"

say "县财政局 records the roster (花名册) of the work-relief wages (以工代赈劳务报酬): six households, adding up to the payment (R7)"
cat >"$DOCS/花名册.csv" <<CSV
户编码,现金(元),银行流水号
TY-H-0101,9600.00,BK-$TAG-01
TY-H-0102,8800.00,BK-$TAG-02
TY-H-0103,8000.00,BK-$TAG-03
TY-H-0104,7600.00,BK-$TAG-04
TY-H-0105,7200.00,BK-$TAG-05
TY-H-0106,6800.00,BK-$TAG-06
CSV
as "$FIN" "$(day -163)" roster import --id "RS-$TAG-RD-LAB" --payment "D-$TAG-RD-LAB" \
  --file "$DOCS/花名册.csv"

say "县乡村振兴局 publishes the completed projects (事后公告)"
for p in "$P_PV" "$P_RD" "$P_TEA"; do
  as "$XZJ" "$(day -150)" announce --id "NA-$p" --subject project-after --subject-id "$p" \
    --channel website --notice-file "$(doc "事后公告-$p.txt" "项目竣工公告 $p")" \
    --start "$(day -150)" --end "$(day -136)"
done

# --- assets (资产登记 → 确权 → 移交 → 运营管护) ----------------------------------------------------
PV="PV-$TAG" RD="RD-$TAG" TEA="TEA-$TAG"
say "县乡村振兴局 registers the tea equipment (经营性资产) from what its project paid (R13)"
as "$XZJ" "$(day -205)" asset register --code "$TEA" --name 南溪村名优绿茶加工生产线 \
  --class operational --category machinery --form fixed --funding "central-linkage:$P_TEA=252,000.00" \
  --location "$NANXI" --quantity 1 --unit 条 --life 10 --formed "$(day -212)"
as "$XZJ" "$(day -204)" asset confirm --code "$TEA" --owner "$NANXI_COOP" \
  --basis 到村产业项目资产归村集体 --date "$(day -204)"
say "南溪村 takes it over (移交) and runs it itself (自主经营)"
as "$CUN3" "$(day -203)" asset handover --code "$TEA" --from 东至县乡村振兴局 --date "$(day -203)" \
  --list-file "$(doc 移交清单-TEA.txt 茶叶加工设备移交清单)"
as "$CUN3" "$(day -200)" asset contract --id "OC-$TAG-TEA" --code "$TEA" --operator "$NANXI_COOP" \
  --mode self-operated --start "$(day -200)" --end "$(day 1625)" --signed "$(day -200)"

say "县乡村振兴局 registers the road (公益性资产), paid from both fund sources, owned by 桃源村"
as "$XZJ" "$(day -162)" asset register --code "$RD" --name 桃源村茶园产业路 --class public-benefit \
  --category road --form fixed --funding "central-linkage:$P_RD=548,000.00" \
  --funding "county-linkage:$P_RD=355,000.00" --location "$TAOYUAN" --quantity 2 --unit km \
  --life 20 --formed "$(day -172)"
as "$XZJ" "$(day -160)" asset confirm --code "$RD" --owner "$TAOYUAN_COOP" \
  --basis 村内道路归村集体所有 --date "$(day -160)"
say "桃源村 takes the road over and names its custodian (管护责任人, R17)"
as "$CUN2" "$(day -158)" asset handover --code "$RD" --from 花园乡人民政府 --date "$(day -158)" \
  --list-file "$(doc 移交清单-RD.txt 产业路移交清单)"
as "$CUN2" "$(day -157)" asset rights --code "$RD" --kind custody --holder "$TAOYUAN_COOP" \
  --from "$(day -157)"
as "$CUN2" "$(day -60)" asset maintain --code "$RD" --custodian 桃源村护路员 --date "$(day -60)" \
  --condition good --notes 汛后巡查

say "县乡村振兴局 registers the photovoltaic station (光伏电站) and confirms it to 栗埠村 (确权)"
as "$XZJ" "$(day -148)" asset register --code "$PV" --name 栗埠村300kW光伏电站 --class operational \
  --category photovoltaic-station --form fixed --funding "central-linkage:$P_PV=1,035,000.00" \
  --location "$LIBU" --quantity 300 --unit kW --life 25 --formed "$(day -155)"
as "$XZJ" "$(day -147)" asset confirm --code "$PV" --owner "$LIBU_COOP" \
  --basis 村级光伏扶贫电站归村集体 --certificate "东资确〔$YEAR〕$TAG号" --date "$(day -147)"
say "栗埠村 takes the station over, binds its income right (收益权) and leases it by tender (R16, R18)"
as "$CUN1" "$(day -146)" asset handover --code "$PV" --from 东至县乡村振兴局 --date "$(day -146)" \
  --list-file "$(doc 移交清单-PV.txt 光伏电站移交清单)"
as "$CUN1" "$(day -145)" asset rights --code "$PV" --kind income --holder "$LIBU_COOP=10000" \
  --from "$(day -145)" --basis 收益权归村集体
as "$CUN1" "$(day -140)" asset contract --id "OC-$TAG-PV" --code "$PV" \
  --operator org:东至县某光伏运维有限公司 --mode lease --selection tender --start "$(day -140)" \
  --end "$(day 1685)" --rent 120,000.00 --deposit 10,000.00 --signed "$(day -140)"

# --- the flood: the tea equipment is written off (资产处置, 报损) -----------------------------------
DSP="DSP-$TAG-TEA"
say "南溪村 records the flood damage (7.8洪灾) to its tea line and applies for a write-off (处置申请)"
as "$CUN3" "$(day -130)" asset maintain --code "$TEA" --custodian 汪志远 --date "$(day -130)" \
  --condition damaged --notes 洪水淹没厂房,设备损毁
as "$CUN3" "$(day -125)" disposal apply --id "$DSP" --code "$TEA" --trigger natural-disaster \
  --method loss-write-off --valuation "东至评〔$YEAR〕$TAG号" --appraised 20,000.00 \
  --date "$(day -125)"
say "南溪村's villagers' representatives decide (村民代表大会决议), 花园乡 reviews (乡镇审核)"
as "$CUN3" "$(day -120)" disposal decide --id "$DSP" --division "$NANXI" \
  --resolution "南溪村决〔$YEAR〕3号" --attendance 38 --for 35 --against 1 --date "$(day -120)"
as "$HY" "$(day -118)" disposal review --id "$DSP" --approve --opinion 情况属实,同意报损 \
  --date "$(day -118)"
say "县乡村振兴局 (主管部门) and 县财政局 approve (R26)"
as "$XZJ" "$(day -116)" disposal approve --id "$DSP" --authority department --approve \
  --document "东乡振〔$YEAR〕$TAG号" --date "$(day -116)"
as "$FIN" "$(day -115)" disposal approve --id "$DSP" --authority finance --approve \
  --document "东财资〔$YEAR〕$TAG号" --date "$(day -115)"
say "南溪村 posts the disposal for 15 days (处置公示), then completes it with the insurance payout"
as "$CUN3" "$(day -113)" disposal notice --id "$DSP" --channel 村务公开栏 \
  --notice-file "$(doc 处置公示.txt 茶叶加工设备报损公示)" --start "$(day -113)" --end "$(day -99)"
as "$CUN3" "$(day -95)" disposal complete --id "$DSP" --price 0 \
  --justification 报损无成交价,保险理赔 --proceeds 20,000.00 --date "$(day -95)"

# --- income and its distribution (收益 → 分配方案 → 审核 → 备案 → 公示 → 发放 → 结果公告) ---------------
IN="IN-$TAG-PV" DP="DP-$TAG-PV"
say "栗埠村 books the station's rent for the quarter to the collective's account (收益入账, R17, R19)"
as "$CUN1" "$(day -45)" income record --id "$IN" --code "$PV" --from "$(day -140)" \
  --to "$(day -50)" --gross 30,000.00 --other-cost 1,500.00 --owner "$LIBU_COOP" \
  --account 栗埠村集体经济账户 --kwh 98000 --date "$(day -45)"

say "栗埠村 registers its post holders and labourers in the privacy registry (人员信息登记)"
names=(汪秀英 计德明 夏玉梅 程永福 胡春花)
refs=()
for i in 0 1 2 3 4; do
  out="$(as "$CUN1" "$(day -60)" --json registry add --village "$LIBU" --name "${names[i]}" \
    --id-number "$(id_number "$i")" --bank-account "$(printf '62284800%011d' "$((RUN_EPOCH % 100000000 * 10 + i))")" \
    --eligible-from "$(day -365)" --basis "栗埠村民主评议〔$YEAR〕1号")"
  ref="$(sed -n '1s/.*"ref":"\([0-9a-f]*\)".*/\1/p' <<<"$out")"
  [[ -n "$ref" ]] || die "registry add printed no reference: $out"
  echo "${names[i]} → $ref"
  refs+=("$ref")
done

say "栗埠村's villagers' meeting adopts the plan (四议两公开): 80 % for public-welfare posts (公益岗位, R23)"
as "$CUN1" "$(day -42)" distribution plan --id "$DP" --owner "$LIBU_COOP" --from "$(day -140)" \
  --to "$(day -50)" --income "$IN" --allocation public_welfare_post_wages=22,800.00 \
  --allocation small_public_works=5,700.00 --criteria 脱贫户和监测户中有劳动能力者设公益岗位 \
  --resolution "栗埠村决〔$YEAR〕6号" --meeting-date "$(day -42)" --attendance 41 --for 39 --against 1
say "花园乡 reviews it (乡镇审核), 县乡村振兴局 files it (县级备案), 栗埠村 posts it for 15 days (公示, R20)"
as "$HY" "$(day -40)" distribution review --id "$DP" --approve --opinion 同意 --date "$(day -40)"
as "$XZJ" "$(day -39)" distribution file --id "$DP" --reference "东乡振备〔$YEAR〕$TAG号" \
  --date "$(day -39)"
as "$CUN1" "$(day -38)" announce --id "AN-$DP" --subject distribution-plan --subject-id "$DP" \
  --channel village-board --notice-file "$(doc 分配方案公示.txt 光伏收益分配方案公示)" \
  --start "$(day -38)" --end "$(day -24)"
say "栗埠村 pays by bank transfer: three posts for three months, two labourers by the day (R19, R24)"
as "$CUN1" "$(day -22)" distribution pay --id "PAY-$TAG-PV" --plan "$DP" \
  --line "${refs[0]}:post:3:public_welfare_post_wages:8,100.00:BK-$TAG-P1" \
  --line "${refs[1]}:post:3:public_welfare_post_wages:7,500.00:BK-$TAG-P2" \
  --line "${refs[2]}:post:3:public_welfare_post_wages:7,200.00:BK-$TAG-P3" \
  --line "${refs[3]}:labour-days:20:small_public_works:3,000.00:BK-$TAG-P4" \
  --line "${refs[4]}:labour-days:18:small_public_works:2,700.00:BK-$TAG-P5" --date "$(day -22)"
say "栗埠村 records the result (分配结果) and posts it (结果公告), in force today"
as "$CUN1" "$(day -20)" distribution result --plan "$DP" \
  --result-file "$(doc 分配结果.txt 光伏收益分配结果)" --summary "公益岗位 3 人, 小型公益事业务工 2 人" \
  --date "$(day -20)"
as "$CUN1" "$(day -19)" announce --id "AR-$DP" --subject distribution-result --subject-id "$DP" \
  --channel village-board --notice-file "$(doc 分配结果公告.txt 光伏收益分配结果公告)" \
  --start "$(day -19)" --end "$(day 5)"

# --- what anyone can read and check --------------------------------------------------------------
say "the village notice board of 栗埠村 (村务公开栏): notices in force and past, names masked"
ctl board "$LIBU"
say "where the money stands (资金余额, 支出进度) and the station's record"
ctl fund balance
ctl asset show "$PV"
ctl distribution balance --owner "$LIBU_COOP"

# An audit command's exit status 1 means that the log verified and has audit findings (审计发现):
# they are printed, and are not a failure of this script (its own data has none, but the log may
# hold other records); 2 (integrity failure) and 3 (could not run) stop the script.
audited() {
  local rc=0
  "$@" || rc=$?
  case "$rc" in
    0) ;;
    1) echo "(the log verified and has audit findings, listed above: not a failure of this script)" ;;
    *) return "$rc" ;;
  esac
}

say "a villager's or auditor's checkpoint: signed, and consistent with the one trusted before"
ctl checkpoint
say "审计: every signature, the Merkle root, a full replay of the rules and the server's figures (audit verify)"
audited ctl audit verify
say "审计报告: every rule of DOMAIN.md §5 and the findings (audit report)"
audited ctl audit report
say "follow the money to the station (trace asset), each step with an inclusion proof"
ctl trace asset "$PV" --proofs "$DOCS/proofs"
say "the offline bundle, verified without the server (export bundle, audit verify --bundle)"
ctl export bundle --out "$DOCS/341721.bundle"
audited ctl audit verify --bundle "$DOCS/341721.bundle"

trap - ERR
size="$(ctl --json log info | sed -n 's/.*"tree_size":"\{0,1\}\([0-9]*\).*/\1/p')"
cat <<SUMMARY

==> county year $TAG done: log $LEDGER_ORIGIN at $LEDGER_SERVER now holds $size entries.
    funds        R-$TAG-C (中央衔接 3,000,000.00), R-$TAG-X (县级衔接 800,000.00)
    projects     $P_PV, $P_RD, $P_TEA: approved, contracted, accepted, paid 2,190,000.00
    assets       $PV (光伏电站, leased OC-$TAG-PV), $RD (产业路), $TEA (written off: $DSP)
    income       $IN 28,500.00 net, distributed by $DP (公示 AN-$DP, 结果公告 AR-$DP)
    files        $DOCS (拨付.csv, 花名册.csv, documents, proofs/, 341721.bundle)
    verified     audit verify (online and offline), trace asset $PV
SUMMARY
