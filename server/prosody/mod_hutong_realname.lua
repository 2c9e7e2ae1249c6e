-- mod_hutong_realname: a provider's real-name policy for group creation, loaded on a MUC component.
--
-- Three things, all read from the registration service's own JSON configuration (one file, so the
-- policy a client discovers here and the one the service enforces can never disagree):
--   1. The MUC service's disco#info carries the policy as an XEP-0128 extended form
--      (FORM_TYPE urn:hutong:realname:policy:0), so any client finds it from the group service.
--   2. Creating a room is refused unless the registration service says the creator is registered.
--      Enforcement is here, on the server, so a client that skips the registration step gains
--      nothing.
--   3. After the configured deadline, rooms whose owners are unregistered can be made read-only:
--      their group chat messages are refused (and allowed again as soon as an owner registers).
--
-- The service is asked over XMPP (an IQ to the component): it owns the store, so an operator's
-- approval or rejection counts at once and nothing is copied into Prosody. When the service
-- does not answer, creation is refused (fail closed) and existing rooms are left alone.
--
--   Component "conference.example" "muc"
--     modules_enabled = { "hutong_realname" }
--     hutong_realname_config = "/etc/hutong/registration.json"

local st = require "util.stanza";
local json = require "util.json";
local async = require "util.async";
local jid_util = require "util.jid";
local datetime = require "util.datetime";
local new_id = require "util.id".short;
local um_is_admin = require "core.usermanager".is_admin;

local NS = "urn:hutong:realname:0";
local NS_DATA = "jabber:x:data";
local FORM_TYPE = "urn:hutong:realname:policy:0";
local REGISTER_NODE = "urn:hutong:realname:register";
local STATUS_NODE = "urn:hutong:realname:status";
local QUERY_TIMEOUT = module:get_option_number("hutong_realname_timeout", 5);
-- How long a room's state is trusted before the service is asked again (read-only rooms).
local ROOM_STATE_TTL = module:get_option_number("hutong_realname_room_ttl", 30);

local function read_config(path)
	local file, err = io.open(path, "r");
	if not file then return nil, err; end
	local text = file:read("*a");
	file:close();
	return json.decode(text);
end

local config_path = module:get_option_string("hutong_realname_config");
if not config_path then
	module:log("error", "hutong_realname_config is not set: no policy is published or enforced");
	return;
end
local config, config_err = read_config(config_path);
if type(config) ~= "table" or type(config.policy) ~= "table" or type(config.component) ~= "table" then
	module:log("error", "Cannot read %s: %s", config_path, tostring(config_err or "not a policy"));
	return;
end
local policy, service_jid = config.policy, config.component.jid;

local covered = false;
for _, host in ipairs(policy.services or {}) do
	if host == module.host then covered = true; end
end
if not covered then
	module:log("warn", "%s is not among the policy's services: nothing published or enforced", module.host);
	return;
end

-- 1. The policy form (field by field as server/registration/policyForm.ts builds it).
local function field(form, var, ftype, values)
	form:tag("field", { var = var, type = ftype });
	for _, value in ipairs(values) do form:text_tag("value", value); end
	form:up();
end

local function lines(text)
	local out = {};
	for line in ((text or "") .. "\n"):gmatch("([^\n]*)\n") do out[#out + 1] = line; end
	if #out > 0 and out[#out] == "" then out[#out] = nil; end
	return out;
end

local existing = policy.existingRooms or {};
local deadline = existing.deadline and datetime.parse(existing.deadline);
local after_deadline = existing.afterDeadline or "none";

local form = st.stanza("x", { xmlns = NS_DATA, type = "result" });
field(form, "FORM_TYPE", "hidden", { FORM_TYPE });
field(form, "registration-service", "jid-single", { service_jid });
field(form, "register-node", "text-single", { REGISTER_NODE });
field(form, "status-node", "text-single", { STATUS_NODE });
field(form, "required-for", "list-multi", policy.requiredFor or { "room-creation" });
field(form, "services", "jid-multi", policy.services);
field(form, "authority", "text-single", { policy.authority or "" });
field(form, "legal-text", "text-multi", lines(policy.legalText));
if policy.legalUrl then field(form, "legal-url", "text-single", { policy.legalUrl }); end
field(form, "retention-days", "text-single", { tostring(math.floor(policy.retentionDays or 0)) });
field(form, "approval", "list-single", { policy.approval or "manual" });
field(form, "pending-counts", "boolean", { policy.pendingCounts and "1" or "0" });
if deadline then
	field(form, "existing-rooms-deadline", "text-single", { datetime.datetime(deadline) });
end
field(form, "existing-rooms-after-deadline", "list-single", { after_deadline });
module:add_extension(form);
module:add_feature(NS);

-- 2 and 3. Asking the service. Only its answer counts; anything else is "unknown".
local function ask(payload)
	if not async.ready() then return nil, "not in an async context"; end
	local iq = st.iq({ type = "get", from = module.host, to = service_jid, id = new_id() })
		:add_child(payload);
	local reply, err = async.wait_for(module:send_iq(iq, nil, QUERY_TIMEOUT));
	if not reply then return nil, err; end
	local query = reply.stanza:get_child("query", NS);
	return query, nil;
end

local function user_state(bare)
	local query = ask(st.stanza("query", { xmlns = NS }):tag("user", { jid = bare }):up());
	local user = query and query:get_child("user");
	return user and user.attr.jid == bare and user.attr.state or nil;
end

local function requires(what)
	for _, item in ipairs(policy.requiredFor or { "room-creation" }) do
		if item == what then return true; end
	end
	return false;
end

local function counts(state)
	return state == "approved" or (state == "pending" and policy.pendingCounts == true);
end

local function registration_required(stanza, text)
	local reply = st.error_reply(stanza, "auth", "forbidden", text, module.host);
	reply:tag("registration-required", { xmlns = NS, service = service_jid, node = REGISTER_NODE }):up();
	return reply;
end

module:hook("muc-room-pre-create", function (event)
	local origin, stanza = event.origin, event.stanza;
	local creator = jid_util.bare(stanza.attr.from);
	if um_is_admin(creator, module.host) then return; end -- the provider's own admins
	local state, err = user_state(creator);
	if state == nil then
		module:log("warn", "Registration service did not answer (%s): room creation refused", tostring(err));
		origin.send(st.error_reply(stanza, "wait", "service-unavailable",
			"The real-name registration service is not available; try again later.", module.host));
		return true;
	end
	if counts(state) then return; end
	local text = state == "pending"
		and "Your real-name registration is awaiting approval; you can create groups once it is approved."
		or "Creating a group on this service requires real-name registration first.";
	origin.send(registration_required(stanza, text));
	return true;
end, 100);

-- "room-ownership": nobody is made an owner of an existing room without being registered either.
-- actor is nil for the room's own grants (the creator at creation, already checked above).
if requires("room-ownership") then
	module:hook("muc-pre-set-affiliation", function (event)
		if event.affiliation ~= "owner" or event.actor == nil then return; end
		if um_is_admin(event.jid, module.host) then return; end
		if not counts(user_state(event.jid)) then
			event.allowed = false;
			event.error = { type = "cancel", condition = "not-allowed" };
		end
	end);
end

if deadline and after_deadline == "read-only" then
	local room_states = {}; -- room jid -> { state, until }

	local function room_state(room)
		local now = os.time();
		local known = room_states[room.jid];
		if known and known.expires > now then return known.state; end
		local payload = st.stanza("query", { xmlns = NS }):tag("room", { jid = room.jid });
		for owner in room:each_affiliation("owner") do payload:tag("owner", { jid = owner }):up(); end
		local query = ask(payload:up());
		local answer = query and query:get_child("room");
		local state = answer and answer.attr.jid == room.jid and answer.attr.state or nil;
		if state then room_states[room.jid] = { state = state, expires = now + ROOM_STATE_TTL }; end
		return state;
	end

	-- Runs before the role check (priority 50) so that the reason given is the registration.
	module:hook("muc-occupant-groupchat", function (event)
		if os.time() < deadline then return; end
		local state = room_state(event.room);
		if state == nil or state == "registered" then return; end -- unknown: never punish
		event.origin.send(registration_required(event.stanza,
			"This group is read-only until its owner completes real-name registration."));
		return true;
	end, 60);
end

module:log("info", "Real-name policy published; registration service %s", service_jid);
