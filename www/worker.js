// The page's node worker: the package's worker, with a lying-RPC switch in front of its fetch. The
// page flips the switch over a BroadcastChannel named by its `?liar=` id (one per tab) and waits for
// the acknowledgement.
import { installLiar } from './liar.js';
import '/pkg/worker.js';

const query = new URLSearchParams(self.location.search);
let lying = query.get('lying') === '1';
installLiar(() => lying);
const channel = new BroadcastChannel(`metis-lightnode-liar-${query.get('liar')}`);
channel.onmessage = ({ data }) => {
  lying = data.lying === true;
  channel.postMessage({ ack: lying });
};
