/** One thread of the import pool: answers { id, params } messages with importOneFile's plain-data result. */
import { parentPort } from 'node:worker_threads';
import { type ImportOneFileParams, importOneFile } from '../importOneFile';

if (!parentPort) throw new Error('importPoolThread must run in a worker thread');
const port = parentPort;
port.on('message', (message: { id: number; params: ImportOneFileParams }) => {
  void importOneFile(message.params).then((result) => port.postMessage({ id: message.id, result }));
});
